// The library's free functions and constants as static members of small classes, so that Python, Java,
// Go and .NET users (through jsii, which drops free functions and constants) reach them too. Each
// delegates to the TypeScript function of the same job, which stays exported.
import { Token } from 'cdktf';
import { renderBootScript, type BootScriptOptions } from './boot-script';
import type { ClusterNode, HaVipClusterProps, KeepalivedOptions } from './havip-cluster-props';
import {
  HAVIP_ADDRESS_PLACEHOLDER,
  HEALTH_CHECK_SCRIPT_PATH,
  clusterKeepalivedConfigs,
  renderKeepalivedConfig,
  type KeepalivedNodeConfig,
} from './keepalived';
import {
  CONFIGURE_TIMEOUT_SECONDS,
  renderConfigureScript,
  renderInstallScript,
  renderSettleScript,
  renderStartScript,
  settleSeconds,
} from './member-scripts';
import { validateClusterProps } from './rules/cluster-rules';
import {
  CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES,
  CLOUD_ASSISTANT_COMMANDS_PER_REGION,
  DEPLOYMENT_SET_INSTANCES_PER_ZONE,
} from './rules/delivery-rules';
import { formatFinding, type Finding } from './rules/finding';
import { DEFAULT_HAVIP_LIMITS, HAVIP_LIMIT_SOURCES, MIN_MEMBERS_PER_HAVIP, resolveLimits, type HaVipLimitOverrides, type HaVipLimits } from './rules/limits';
import { HAVIP_SUPPORTED_REGIONS, isHaVipSupportedRegion, type SupportedRegion } from './rules/regions';
import { HaVipValidationError, isHaVipValidationError } from './validation-error';

/** keepalived.conf for the members (`renderKeepalivedConfig`, `clusterKeepalivedConfigs`). */
export class KeepalivedConfig {
  /** Stands for an address Alibaba allocates; Terraform replaces it in user_data at apply time. */
  public static readonly HAVIP_ADDRESS_PLACEHOLDER: string = HAVIP_ADDRESS_PLACEHOLDER;
  /** Where the boot script writes the health check script keepalived runs. */
  public static readonly HEALTH_CHECK_SCRIPT_PATH: string = HEALTH_CHECK_SCRIPT_PATH;

  /** Every member's model, in node order, with the defaults applied. */
  public static forCluster(keepalived: KeepalivedOptions, nodes: ClusterNode[], virtualIpAddress: string): KeepalivedNodeConfig[] {
    const { virtualRouterId } = keepalived;
    if (virtualRouterId === undefined) throw new Error('KeepalivedConfig.forCluster: keepalived.virtualRouterId is required');
    return clusterKeepalivedConfigs({ ...keepalived, virtualRouterId }, nodes, virtualIpAddress);
  }

  /** One member's keepalived.conf. */
  public static render(config: KeepalivedNodeConfig): string {
    return renderKeepalivedConfig(config);
  }

  private constructor() {}
}

/** The user_data a member boots with when `delivery` is `user-data` (`renderBootScript`). */
export class BootScript {
  /** POSIX sh that installs keepalived, writes its config and health check, checks and starts it. */
  public static render(options: BootScriptOptions): string {
    return renderBootScript(options);
  }

  private constructor() {}
}

/** The scripts Cloud Assistant runs on the members (`renderInstallScript`, `renderConfigureScript`, ...). */
export class MemberScripts {
  /** Seconds a configure command may run (two package installs and the script itself). */
  public static readonly CONFIGURE_TIMEOUT_SECONDS: number = CONFIGURE_TIMEOUT_SECONDS;

  /** The static user_data: installs keepalived and leaves it stopped. */
  public static renderInstall(): string {
    return renderInstallScript();
  }

  /**
   * Writes one member's keepalived.conf and health check, checks them, and reloads a running
   * keepalived; leaves `settle` (seconds) for the start and settle scripts.
   */
  public static renderConfigure(options: BootScriptOptions, settle: number): string {
    return renderConfigureScript(options, settle);
  }

  /** Starts keepalived, then waits the settle time the configure script left. */
  public static renderStart(): string {
    return renderStartScript();
  }

  /** After an instance update: waits until keepalived has run the settle time the configure script left. */
  public static renderSettle(): string {
    return renderSettleScript();
  }

  /** Seconds the members need to elect a master, from the advertisement interval and their priorities. */
  public static settleSeconds(advertInt: number, priorities: number[]): number {
    return settleSeconds(advertInt, priorities);
  }

  private constructor() {}
}

/** The synth-time rules, without creating a construct (`validateClusterProps`, `formatFinding`). */
export class HaVipValidation {
  /**
   * Every finding of the per-cluster rules for `props` (errors, warnings, infos); never throws.
   * @param defaultNamePrefix the instance name prefix when `instance.namePrefix` is not given (the construct id)
   */
  public static check(props: HaVipClusterProps, defaultNamePrefix?: string): Finding[] {
    return validateClusterProps(props, Token.isUnresolved, { defaultNamePrefix });
  }

  /** `<construct path>: <prop> = <value>: <rule> (<source>)`: one line of a HaVipValidationError's message. */
  public static formatFinding(constructPath: string, finding: Finding): string {
    return formatFinding(constructPath, finding);
  }

  /** Whether `x` is the error HaVipCluster and its app-wide checks throw (from any copy of the package). */
  public static isValidationError(x: any): boolean {
    return isHaVipValidationError(x);
  }

  private constructor() {}
}

/** Alibaba's HaVip quotas the rules check (`DEFAULT_HAVIP_LIMITS`, `resolveLimits`). */
export class HaVipQuotas {
  /** The HaVip guide's quotas. */
  public static readonly DEFAULTS: HaVipLimits = DEFAULT_HAVIP_LIMITS;
  /** Fewer members is no high availability. */
  public static readonly MIN_MEMBERS_PER_HAVIP: number = MIN_MEMBERS_PER_HAVIP;
  /** Bytes of one Cloud Assistant command's content. */
  public static readonly CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES: number = CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES;
  /** Cloud Assistant commands per region. */
  public static readonly CLOUD_ASSISTANT_COMMANDS_PER_REGION: number = CLOUD_ASSISTANT_COMMANDS_PER_REGION;
  /** Instances of one deployment set per zone. */
  public static readonly DEPLOYMENT_SET_INSTANCES_PER_ZONE: number = DEPLOYMENT_SET_INSTANCES_PER_ZONE;

  /** Where the default of `limit` (e.g. `haVipsPerVpc`) comes from. */
  public static sourceOf(limit: string): string {
    const source = (HAVIP_LIMIT_SOURCES as Record<string, string>)[limit];
    if (source === undefined) throw new Error(`not a HaVip limit: ${limit} (${Object.keys(HAVIP_LIMIT_SOURCES).join(', ')})`);
    return source;
  }

  /** `overrides` merged over the defaults; throws a HaVipValidationError for an invalid override. */
  public static resolve(overrides?: HaVipLimitOverrides): HaVipLimits {
    const { limits, findings } = resolveLimits(overrides);
    if (findings.length > 0) throw new HaVipValidationError('limits', findings);
    return limits;
  }

  private constructor() {}
}

/** The regions the HaVip guide lists (`HAVIP_SUPPORTED_REGIONS`, `isHaVipSupportedRegion`). */
export class HaVipRegions {
  /** Every region of the guide: public, Finance and Gov clouds. */
  public static readonly SUPPORTED: SupportedRegion[] = [...HAVIP_SUPPORTED_REGIONS];

  /** Whether the guide lists `region` (a region id, e.g. `cn-hangzhou`). */
  public static isSupported(region: string): boolean {
    return isHaVipSupportedRegion(region);
  }

  private constructor() {}
}
