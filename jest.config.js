/** Tests are TypeScript, compiled by ts-jest without a type check (`npm test` type-checks them with tsconfig.test.json first). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 120000,
};
