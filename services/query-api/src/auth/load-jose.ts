import type * as JoseModule from 'jose' with { 'resolution-mode': 'import' };
import type { createRequire as CreateRequire } from 'node:module';

export type Jose = typeof JoseModule;

/**
 * jose is ESM-only and this package is CommonJS. Node's own require loads ES modules since
 * Node 20.19; it is taken from process.getBuiltinModule because jest replaces `require` and
 * `module.createRequire` with its own registry, which cannot load ES modules.
 */
export function loadJose(): Jose {
  const { createRequire } = process.getBuiltinModule('node:module') as {
    createRequire: typeof CreateRequire;
  };
  return createRequire(__filename)('jose') as Jose;
}
