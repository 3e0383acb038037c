import type { ValueTransformer } from 'typeorm';

/** Structured values kept as JSON text (MySQL `text`, SQLite `text`): read and written whole, never queried inside. */
export const jsonTransformer: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value)),
  from: (value: string | null) => (value === null || value === undefined ? value : JSON.parse(value)),
};
