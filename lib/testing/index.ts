// cdktf-alicloud-havip/testing: real Terraform validates, plans and applies your stacks offline,
// with a stand-in alicloud provider that serves the pinned provider schema and the provider's own
// rules, and applies with fake values; sortInstanceChanges tells which instance updates reboot.
// Planning and applying need the terraform CLI and the optional peer dependencies @grpc/grpc-js,
// @grpc/proto-loader and @msgpack/msgpack (they name the packages to install when missing);
// loading this entry and readableSnapshot need neither. The construct library (the package's main
// entry) never loads this.
export {
  planOffline,
  applyOffline,
  runTerraformOffline,
  findTerraform,
  formatDiagnostics,
  TerraformNotFoundError,
  type StackInput,
  type OfflinePlanOptions,
  type OfflinePlanResult,
  type OfflineApplyOptions,
  type OfflineApplyResult,
  type AppliedChange,
  type OfflineStep,
  type PlannedResourceChange,
  type TerraformDiagnostic,
  type TerraformRun,
} from './runner';
export {
  sortInstanceChanges,
  INSTANCE_STOPPING_ATTRIBUTES,
  INSTANCE_STOP_SOURCE,
  type InstanceChange,
  type InstanceChangeKind,
  type PlanInput,
} from './instance-changes';
export { toPlanOffline, toKeepInstancesRunning, offlineMatchers, setupJest, describeWithTerraform, type ToPlanOfflineOptions, type MatcherResult } from './matcher';
export { PLACEHOLDER_PREFIX } from './placeholder';
export { readableSnapshot, decodeScript, SCRIPT_ATTRIBUTES, type ReadableSnapshotOptions, type ScriptReplacement, type TemplatedScript } from './snapshot';
