import type { SourceAdapter } from '../adapter';
import { erpA } from './erp-a';
import { erpB } from './erp-b';
import { utilityGrid } from './utility-grid';

export { yuanToFen, beijingToIso } from './common';

/** Every vendor format the hub reads, by the name a source record refers to. */
export const ADAPTERS: Record<string, SourceAdapter> = { [erpA.name]: erpA, [erpB.name]: erpB, [utilityGrid.name]: utilityGrid };

/** The adapter of that name, or undefined when there is none. */
export const adapterByName = (name: string): SourceAdapter | undefined => (Object.prototype.hasOwnProperty.call(ADAPTERS, name) ? ADAPTERS[name] : undefined);
