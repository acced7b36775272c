// The slice of Mocha's BDD globals our browser tests use (web-test-runner runs Mocha).
// Stand-in for @types/mocha, which is not installed; delete this file if it is added.
interface MochaContext {
  skip(): never;
  timeout(ms: number): void;
}
type MochaFn = (this: MochaContext) => void | Promise<unknown>;
declare function describe(name: string, fn: (this: MochaContext) => void): void;
declare function it(name: string, fn?: MochaFn): void;
declare function before(fn: MochaFn): void;
declare function after(fn: MochaFn): void;
declare function beforeEach(fn: MochaFn): void;
declare function afterEach(fn: MochaFn): void;
