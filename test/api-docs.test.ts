// API.md is what `npm run docs` (TypeDoc over the JSDoc of the package's entry points) writes now.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');

test('API.md is current with the JSDoc', () => {
  const check = spawnSync(process.execPath, [path.join(root, 'scripts', 'api-docs.js'), '--check'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
}, 120_000);
