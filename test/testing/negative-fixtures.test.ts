// Each fixture is a small synthesized stack with one mistake; real Terraform (core, or the stand-in
// provider's rules through Terraform) reports it, in Terraform's own words, at the line of the mistake.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeWithTerraform, planOffline, setupJest, TerraformDiagnostic } from '../../lib/testing';

setupJest();

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

/** The 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

interface Case {
  readonly file: string;
  /** Text on the line Terraform should point at. */
  readonly at: string;
  readonly expected: Partial<TerraformDiagnostic>;
}

const errors: Case[] = [
  {
    file: 'misspelled-attribute.json',
    at: '"instance_typ"',
    expected: {
      summary: 'Extraneous JSON object property',
      detail: 'No argument or block type is named "instance_typ". Did you mean "instance_type"?',
    },
  },
  {
    file: 'wrong-type.json',
    at: '"user_data"',
    expected: { summary: 'Incorrect attribute value type', detail: 'Inappropriate value for attribute "user_data": string required.' },
  },
  {
    file: 'missing-required-argument.json',
    at: '"ha_vip_name"',
    expected: { summary: 'Missing required argument', detail: 'The argument "vswitch_id" is required, but no definition was found.' },
  },
  {
    file: 'missing-attribute-reference.json',
    at: 'alicloud_havip.x.nonexistent',
    expected: {
      summary: 'Unsupported attribute',
      detail: 'This object has no argument, nested block, or exported attribute named "nonexistent".',
    },
  },
  {
    file: 'unknown-function.json',
    at: 'base64encodee',
    expected: { summary: 'Call to unknown function', detail: 'There is no function named "base64encodee". Did you mean "base64encode"?' },
  },
  {
    file: 'forbidden-enum-value.json',
    at: '"ip_protocol"',
    expected: {
      summary: 'expected ip_protocol to be one of [tcp udp icmp icmpv6 gre all], got vrrp',
      address: 'alicloud_security_group_rule.vrrp',
    },
  },
  {
    file: 'out-of-range.json',
    at: '"priority"',
    expected: { summary: 'expected priority to be in the range (1 - 100), got 101', address: 'alicloud_security_group_rule.peers' },
  },
  {
    file: 'conflicting-attributes.json',
    at: '"ha_vip_name"',
    expected: { summary: '"ha_vip_name": conflicts with havip_name', address: 'alicloud_havip.x' },
  },
];

describeWithTerraform('negative fixtures fail terraform validate with Terraform\'s message', () => {
  test.each(errors)('$file', ({ file, at, expected }) => {
    const text = fixture(file);
    const result = planOffline(text, { plan: false });
    expect(result.ok).toBe(false);
    expect(result.failedStep).toBe('validate');
    expect(result.errors).toEqual([expect.objectContaining({ severity: 'error', ...expected })]);
    expect(result.errors[0]!.range).toMatchObject({ filename: 'cdk.tf.json', start: { line: lineOf(text, at) } });
  }, 30_000);

  test('a deprecated attribute is a warning: validate and plan pass, the matcher does not unless told', () => {
    const text = fixture('deprecated-attribute.json');
    const result = planOffline(text);
    expect(result.ok).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        summary:
          "\"havip_name\": [DEPRECATED] Field 'havip_name' has been deprecated from provider version 1.205.0. New field 'ha_vip_name' instead.",
        address: 'alicloud_havip.x',
        range: expect.objectContaining({ start: expect.objectContaining({ line: lineOf(text, '"havip_name"') }) }),
      }),
    ]);
    expect(text).not.toPlanOffline({ plan: false });
    expect(text).toPlanOffline({ plan: false, allowWarnings: true });
  }, 30_000);
});
