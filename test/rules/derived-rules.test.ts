import { checkDerived, deriveStrings } from '../../lib/rules/derived-rules';
import { checkUserDataSize, MAX_USER_DATA_BYTES } from '../../lib/rules/instance-rules';
import { FindingCollector } from '../../lib/rules/values';
import { GUIDE_PROPS } from '../support/guide-props';

const context = { id: 'web', path: 'stack/web', pathIds: ['stack', 'web'] };
function check(props: unknown, ctx = context) {
  const c = new FindingCollector((v) => v === 'TOKEN');
  const derived = checkDerived(c, props, ctx, () => false);
  return { derived, findings: c.findings };
}

describe('derived strings', () => {
  test('names and the description come from the props and the construct path', () => {
    const props = { ...GUIDE_PROPS, nodes: [{ privateIp: '192.168.0.25', name: 'given' }, { privateIp: '192.168.0.26' }] };
    expect(deriveStrings(props, context)).toEqual({
      instanceNames: ['given', 'web-2'],
      securityGroupName: 'web-havip',
      securityGroupDescription: 'Members of the HaVip cluster stack/web',
    });
    expect(deriveStrings({ ...props, instance: { ...GUIDE_PROPS.instance, namePrefix: 'app' } }, context).securityGroupName).toBe('app-havip');
    expect(check(props).findings).toEqual([]);
  });

  test.each<[string, unknown, typeof context, string]>([
    ['an id with a template', GUIDE_PROPS, { ...context, id: 'w${x}', pathIds: ['stack', 'w${x}'] }, 'id'],
    ['a scope id with a directive', GUIDE_PROPS, { ...context, pathIds: ['st%{x}', 'web'] }, 'scope id'],
    ['an id that is a token', GUIDE_PROPS, { ...context, pathIds: ['stack', 'TOKEN'] }, 'id'],
    ['a prefix the suffix pushes past 128', { ...GUIDE_PROPS, instance: { ...GUIDE_PROPS.instance, namePrefix: 'a'.repeat(123) } }, context, 'security group name (derived from instance.namePrefix)'],
    ['a path too long for a description', GUIDE_PROPS, { ...context, path: `stack/${'a'.repeat(230)}/web` }, 'security group description (derived from the construct path)'],
  ])('%s', (_name, props, ctx, prop) => {
    expect(check(props, ctx).findings).toEqual([expect.objectContaining({ level: 'error', prop })]);
  });

  test('a token prefix is not checked here (Terraform resolves it)', () => {
    expect(check({ ...GUIDE_PROPS, instance: { ...GUIDE_PROPS.instance, namePrefix: 'TOKEN' } }).findings).toEqual([]);
  });
});

describe('user_data size', () => {
  test(`at most ${MAX_USER_DATA_BYTES} bytes per node`, () => {
    expect(checkUserDataSize(['x'.repeat(MAX_USER_DATA_BYTES)])).toEqual([]);
    expect(checkUserDataSize(['ok', '中'.repeat(11000)])).toEqual([
      expect.objectContaining({ prop: 'nodes[1] user_data', value: 33000, source: 'RunInstances API: UserData, at most 32 KB before Base64 encoding' }),
    ]);
  });
});
