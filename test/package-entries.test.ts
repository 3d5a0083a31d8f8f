// The package's entry points: every `exports` target is compiled from a source in lib/, and the
// `./alicloud` entry loads each generated binding on first use only.
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The TypeScript source `tsc -p tsconfig.build.json` compiles into a dist/ file. */
function sourceOf(target: string): string {
  return path.join(root, target.replace(/^\.\/dist\//, '').replace(/\.d\.ts$|\.js$/, '.ts'));
}

test.each(['.', './testing', './alicloud'])('exports[%s] points at compiled sources that exist', (entry) => {
  const targets: string[] = Object.values(manifest.exports[entry]);
  expect(targets.length).toBeGreaterThanOrEqual(2);
  for (const target of targets) expect(fs.existsSync(sourceOf(target))).toBe(true);
});

// The lazy index defines its exports with getters, which Node's CommonJS export detection cannot
// see: ESM `import { routeEntry }` would fail. ESM gets the plain index (it loads every binding
// anyway); test/package/pack-install.ts imports both ways from the packed package.
test('the alicloud entry sends ESM to the index Node can read named exports from, require to the lazy one', () => {
  expect(manifest.exports['./alicloud']).toEqual({
    types: './dist/lib/gen/providers/alicloud/index.d.ts',
    import: './dist/lib/gen/providers/alicloud/index.js',
    default: './dist/lib/gen/providers/alicloud/lazy-index.js',
  });
});

test('the alicloud entry loads a binding only when it is used', () => {
  const before = new Set(Object.keys(require.cache));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const alicloud = require('../lib/gen/providers/alicloud/lazy-index');
  const loaded = () => Object.keys(require.cache).filter((f) => !before.has(f) && f.includes('route-entry'));
  expect(loaded()).toEqual([]);
  expect(typeof alicloud.routeEntry.RouteEntry).toBe('function');
  expect(loaded()).toHaveLength(1);
});
