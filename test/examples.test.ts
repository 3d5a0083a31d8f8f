// Each example runs as its own app, as `npm run synth` and `cdktf synth` run it, and what it writes
// passes the schema check and real Terraform's validate and plan.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithTerraform, planOffline } from '../lib/testing';
import { checkAgainstSchema } from './support/schema-check';

const root = path.resolve(__dirname, '..');
const EXAMPLES = [
  { dir: 'seed', stack: 'havip-seed', instances: 2 },
  { dir: 'three-node-eip', stack: 'havip-three-node-eip', instances: 3 },
  { dir: 'ha-gateway', stack: 'havip-ha-gateway', instances: 2 },
];

const outdirs = new Map<string, string>();

function synthesize(example: string): string {
  const cached = outdirs.get(example);
  if (cached) return cached;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `havip-example-${example}-`));
  const run = spawnSync(process.execPath, ['-r', './scripts/register.js', `examples/${example}/main.ts`], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`examples/${example} failed (${run.status}):\n${run.stdout}${run.stderr}`);
  outdirs.set(example, outdir);
  return outdir;
}

afterAll(() => {
  for (const dir of outdirs.values()) fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(EXAMPLES)('examples/$dir', ({ dir, stack, instances }) => {
  test('synthesizes a cdk.tf.json that fits the provider schema', () => {
    const file = path.join(synthesize(dir), 'stacks', stack, 'cdk.tf.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(checkAgainstSchema(doc)).toEqual([]);
    expect(Object.keys(doc.resource.alicloud_instance)).toHaveLength(instances);
    expect(doc.terraform.required_providers.alicloud).toEqual({ source: 'aliyun/alicloud', version: '~> 1.289' });
  }, 60_000);
});

describeWithTerraform('real Terraform on the examples as synthesized by their apps', () => {
  test.each(EXAMPLES)('examples/$dir validates and plans', ({ dir, stack, instances }) => {
    const result = planOffline(path.join(synthesize(dir), 'stacks', stack));
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.resourceChanges.filter((c) => c.type === 'alicloud_instance')).toHaveLength(instances);
    expect(result.resourceChanges.every((c) => c.actions.join() === 'create')).toBe(true);
  }, 60_000);
});
