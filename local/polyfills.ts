/**
 * Polyfills the local stack needs on Node 20. Import for its side effect, before
 * aws-local-stepfunctions runs a state machine:
 *
 *   import '../local/polyfills.js';
 *
 * `Promise.withResolvers` (ES2024, Node 22): aws-local-stepfunctions 3.0 uses it for every Task
 * timeout; without it Task, Map and Retry fail in confusing ways.
 */

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

const PromiseWithResolvers = Promise as PromiseConstructor & { withResolvers?: <T>() => Resolvers<T> };

if (typeof PromiseWithResolvers.withResolvers !== 'function') {
  PromiseWithResolvers.withResolvers = function withResolvers<T>(): Resolvers<T> {
    let resolve!: Resolvers<T>['resolve'];
    let reject!: Resolvers<T>['reject'];
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export {};
