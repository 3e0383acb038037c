/** One jest run for the whole repository; TypeScript through SWC with TypeORM's decorator metadata. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/platform', '<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/test', '<rootDir>/infra/simulators'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@hub/platform$': '<rootDir>/platform/src',
    '^@hub/platform/testing$': '<rootDir>/platform/src/testing',
    '^@hub/gateway$': '<rootDir>/gateway/src',
    '^@hub/simulators$': '<rootDir>/infra/simulators/src',
    '^@hub/(community|property|finance|rating)$': '<rootDir>/subgraphs/$1/src',
  },
  testTimeout: 60_000,
  maxWorkers: 2,
};
