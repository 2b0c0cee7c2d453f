/** One Jest run covers unit and integration specs beside the code (`*.spec.ts`)
 * and end-to-end specs under test/ (`*.e2e-spec.ts`). They share one PostgreSQL
 * database and one Redis, so files run one at a time (`--runInBand` in scripts/test.sh). */
module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: '(libs|apps|test)/.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/web/'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  moduleNameMapper: { '^@lib/(.*)$': '<rootDir>/libs/$1' },
  testEnvironment: 'node',
  testTimeout: 60000,
};
