// The README's quick start runs as written (against this checkout) and its output fits the schema.
// test/package/pack-install.ts runs it again from the packed tarball in a fresh project.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileBlock, readmeSection, readReadme } from './support/readme';
import { checkAgainstSchema } from './support/schema-check';

const root = path.resolve(__dirname, '..');

test('the quick start synthesizes a stack that fits the provider schema', () => {
  const quickStart = fileBlock(readmeSection(readReadme(), 'Quick start'), 'main.ts');
  expect(quickStart).toContain('new HaVipCluster(');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-readme-'));
  try {
    const file = path.join(dir, 'main.ts');
    fs.writeFileSync(file, quickStart.split("from 'cdktf-alicloud-havip'").join(`from '${path.join(root, 'lib')}'`));
    const run = spawnSync(process.execPath, ['-r', path.join(root, 'scripts', 'register.js'), file], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: path.join(dir, 'out'), NODE_PATH: path.join(root, 'node_modules') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'stacks', 'web', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(doc.resource.alicloud_instance)).toHaveLength(2);
    expect(checkAgainstSchema(doc)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
