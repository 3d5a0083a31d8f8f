#!/usr/bin/env node
// Generates the alicloud bindings under lib/gen/providers/alicloud from the pinned provider schema,
// with the same generator `cdktf get` uses. Usage: node scripts/gen-provider.js [outdir]
// The output is committed; test/provider/bindings.test.ts fails when regenerating would change it.
'use strict';
process.env.CHECKPOINT_DISABLE = '1';
const fs = require('node:fs');
const path = require('node:path');
const { CodeMaker } = require('codemaker');
const { ConstructsMakerTarget, TerraformProviderConstraint, Language } = require('@cdktf/commons');
const { TerraformProviderGenerator } = require('@cdktf/provider-generator/lib/get/generator/provider-generator');

const PROVIDER_SOURCE = 'aliyun/alicloud';
const PROVIDER_VERSION = '1.289.0';
const VERSION_CONSTRAINT = '~> 1.289';

const root = path.resolve(__dirname, '..');
const schemaFile = path.join(root, 'provider', `alicloud-${PROVIDER_VERSION}.schema.json`);

/** @param {string} outdir */
async function generate(outdir) {
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  // No provider_versions entry: cdktf then pins required_providers to VERSION_CONSTRAINT instead of
  // the exact version, so users may run any later 1.x provider.
  const target = ConstructsMakerTarget.from(
    new TerraformProviderConstraint(`${PROVIDER_SOURCE}@${VERSION_CONSTRAINT}`),
    Language.TYPESCRIPT,
  );
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  generator.generate(target);
  fs.rmSync(outdir, { recursive: true, force: true });
  await generator.save(outdir);
}

module.exports = { generate };

if (require.main === module) {
  const outdir = path.resolve(process.argv[2] || path.join(root, 'lib', 'gen'));
  generate(outdir).then(
    () => console.log(`generated alicloud ${PROVIDER_VERSION} bindings in ${path.relative(root, outdir)}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
