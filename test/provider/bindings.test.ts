import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const committed = path.join(root, 'lib', 'gen');

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

test('the committed bindings are exactly what the generator makes from the pinned schema', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-gen-'));
  try {
    const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'gen-provider.js'), outdir], {
      env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const files = listFiles(outdir);
    expect(listFiles(committed)).toEqual(files);
    for (const file of files) {
      const fresh = fs.readFileSync(path.join(outdir, file), 'utf8');
      const ours = fs.readFileSync(path.join(committed, file), 'utf8');
      if (fresh !== ours) throw new Error(`lib/gen/${file} differs from a fresh generation: run npm run gen:provider`);
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}, 60_000);
