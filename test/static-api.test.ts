// The static members other languages reach through jsii: each gives what its TypeScript function gives.
import {
  BootScript,
  DEFAULT_HAVIP_LIMITS,
  HAVIP_ADDRESS_PLACEHOLDER,
  HAVIP_LIMIT_SOURCES,
  HAVIP_SUPPORTED_REGIONS,
  HEALTH_CHECK_SCRIPT_PATH,
  HaVipQuotas,
  HaVipRegions,
  HaVipValidation,
  HaVipValidationError,
  KeepalivedConfig,
  MIN_MEMBERS_PER_HAVIP,
  MemberScripts,
  CONFIGURE_TIMEOUT_SECONDS,
  CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES,
  CLOUD_ASSISTANT_COMMANDS_PER_REGION,
  DEPLOYMENT_SET_INSTANCES_PER_ZONE,
  isHaVipValidationError,
  renderConfigureScript,
  renderInstallScript,
  renderSettleScript,
  renderStartScript,
  settleSeconds,
  clusterKeepalivedConfigs,
  formatFinding,
  renderBootScript,
  renderKeepalivedConfig,
  validateClusterProps,
} from '../lib';
import { GUIDE_PROPS } from './support/guide-props';

test('KeepalivedConfig: the same models and configs as clusterKeepalivedConfigs / renderKeepalivedConfig', () => {
  const models = KeepalivedConfig.forCluster(GUIDE_PROPS.keepalived, GUIDE_PROPS.nodes, '192.168.0.24');
  expect(models).toEqual(clusterKeepalivedConfigs({ ...GUIDE_PROPS.keepalived, virtualRouterId: 51 }, GUIDE_PROPS.nodes, '192.168.0.24'));
  expect(() => KeepalivedConfig.forCluster({}, GUIDE_PROPS.nodes, '192.168.0.24')).toThrow(/virtualRouterId is required/);
  expect(models.map((m) => KeepalivedConfig.render(m))).toEqual(models.map(renderKeepalivedConfig));
  expect(KeepalivedConfig.render(models[0])).toContain('virtual_router_id 51');
  expect(KeepalivedConfig.HAVIP_ADDRESS_PLACEHOLDER).toBe(HAVIP_ADDRESS_PLACEHOLDER);
  expect(KeepalivedConfig.HEALTH_CHECK_SCRIPT_PATH).toBe(HEALTH_CHECK_SCRIPT_PATH);
});

test('BootScript.render is renderBootScript', () => {
  const keepalivedConfig = KeepalivedConfig.render(KeepalivedConfig.forCluster(GUIDE_PROPS.keepalived, GUIDE_PROPS.nodes, '192.168.0.24')[0]);
  expect(BootScript.render({ keepalivedConfig })).toBe(renderBootScript({ keepalivedConfig }));
  expect(() => BootScript.render({ keepalivedConfig: 'no newline' })).toThrow(/must end with a newline/);
});

test('MemberScripts: the same scripts and timings as the member-scripts functions', () => {
  const keepalivedConfig = KeepalivedConfig.render(KeepalivedConfig.forCluster(GUIDE_PROPS.keepalived, GUIDE_PROPS.nodes, '192.168.0.24')[0]);
  expect(MemberScripts.renderInstall()).toBe(renderInstallScript());
  const settle = MemberScripts.settleSeconds(1, [100, 10]);
  expect(settle).toBe(settleSeconds(1, [100, 10]));
  expect(MemberScripts.renderConfigure({ keepalivedConfig }, settle)).toBe(renderConfigureScript({ keepalivedConfig }, settle));
  expect(MemberScripts.renderStart()).toBe(renderStartScript());
  expect(MemberScripts.renderSettle()).toBe(renderSettleScript());
  expect(MemberScripts.CONFIGURE_TIMEOUT_SECONDS).toBe(CONFIGURE_TIMEOUT_SECONDS);
  expect(() => MemberScripts.settleSeconds(0, [100])).toThrow(/advertInt = 0/);
});

test('HaVipValidation.check gives every finding validateClusterProps gives, without a construct', () => {
  const bad = { ...GUIDE_PROPS, keepalived: { ...GUIDE_PROPS.keepalived, virtualRouterId: 0 } };
  const findings = HaVipValidation.check(bad, 'web');
  expect(findings).toEqual(validateClusterProps(bad, () => false, { defaultNamePrefix: 'web' }));
  const error = findings.find((f) => f.level === 'error')!;
  expect(error.prop).toBe('keepalived.virtualRouterId');
  expect(HaVipValidation.formatFinding('app/web', error)).toBe(formatFinding('app/web', error));
  expect(HaVipValidation.check(GUIDE_PROPS).filter((f) => f.level === 'error')).toEqual([]);
});

test('HaVipValidation.isValidationError tells the error apart, also from another copy of the package', () => {
  const err = new HaVipValidationError('app/web', [{ level: 'error', prop: 'p', value: 1, rule: 'r', source: 's' }]);
  expect(HaVipValidation.isValidationError(err)).toBe(true);
  expect(HaVipValidation.isValidationError(new Error(err.message))).toBe(false);
  expect(HaVipValidation.isValidationError(undefined)).toBe(false);
  const fromAnotherCopy = Object.assign(new Error('x'), { [Symbol.for('cdktf-alicloud-havip.HaVipValidationError')]: true });
  expect(HaVipValidation.isValidationError(fromAnotherCopy)).toBe(true);
  expect(isHaVipValidationError(fromAnotherCopy)).toBe(true);
  // Still one catchable, typed class in TypeScript.
  expect(err).toBeInstanceOf(HaVipValidationError);
  expect(err).toBeInstanceOf(Error);
  expect(err.name).toBe('HaVipValidationError');
  expect(err.findings.map((f) => f.prop)).toEqual(['p']);
});

test('HaVipQuotas: the defaults, their sources, and overrides checked as the construct checks them', () => {
  expect(HaVipQuotas.DEFAULTS).toEqual(DEFAULT_HAVIP_LIMITS);
  expect(HaVipQuotas.MIN_MEMBERS_PER_HAVIP).toBe(MIN_MEMBERS_PER_HAVIP);
  expect(HaVipQuotas.CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES).toBe(CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES);
  expect(HaVipQuotas.CLOUD_ASSISTANT_COMMANDS_PER_REGION).toBe(CLOUD_ASSISTANT_COMMANDS_PER_REGION);
  expect(HaVipQuotas.DEPLOYMENT_SET_INSTANCES_PER_ZONE).toBe(DEPLOYMENT_SET_INSTANCES_PER_ZONE);
  expect(HaVipQuotas.sourceOf('haVipsPerVpc')).toBe(HAVIP_LIMIT_SOURCES.haVipsPerVpc);
  expect(() => HaVipQuotas.sourceOf('haVipsPerPlanet')).toThrow('not a HaVip limit: haVipsPerPlanet (membersPerHaVip, ');
  expect(HaVipQuotas.resolve({ haVipsPerVpc: 100 })).toEqual({ ...DEFAULT_HAVIP_LIMITS, haVipsPerVpc: 100 });
  expect(HaVipQuotas.resolve()).toEqual(DEFAULT_HAVIP_LIMITS);
  expect(() => HaVipQuotas.resolve({ membersPerHaVip: 1 })).toThrow(HaVipValidationError);
  expect(() => HaVipQuotas.resolve({ membersPerHaVip: 1 })).toThrow('limits.membersPerHaVip = 1: must be at least 2');
});

test('HaVipRegions: the guide list and its check', () => {
  expect(HaVipRegions.SUPPORTED).toEqual(HAVIP_SUPPORTED_REGIONS);
  expect(HaVipRegions.isSupported('cn-hangzhou')).toBe(true);
  expect(HaVipRegions.isSupported('mars-1')).toBe(false);
});
