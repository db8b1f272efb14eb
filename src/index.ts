/**
 * redis-cluster-sim as a library: load a scenario, run it, and read its journal and summary.
 *
 *   const scenario = loadScenario('scenarios/fail-C.yaml', 7);
 *   const world = runScenario(scenario);
 *   const summary = analyze(world.journal);
 *
 * Run Node with the CLI's V8 flags for large clusters (see the README's Design section).
 */
export { loadScenario, compileScenario } from './scenario/load';
export { InputError, UsageError, formatProblem } from './scenario/errors';
export type { InputProblem } from './scenario/errors';
export type { Scenario, NodeSpec, NetworkSpec, ScheduledAction, Expectation } from './scenario/types';
export { runScenario } from './sim/run';
export type { RunOptions } from './sim/run';
export { World } from './sim/world';
export { analyze } from './report/analyze';
export type { Summary, TypeTotals } from './report/summary';
export type { ExpectationResult } from './report/expectations';
export { writeRunOutputs, RUN_FILES } from './report/outputs';
export { formatRunSummary } from './report/print';
export { lostWrites, workloadReport } from './report/workload';
export type { WorkloadReport, RangeReport, LostWrite } from './report/workload';
export { workloadFiles } from './report/workloadFiles';
export type { OpRecord, Outcome } from './workload/history';
export type { WorkloadSpec, ClientSpec, ClientPolicy } from './workload/spec';
export { IOREDIS_DEFAULTS } from './workload/spec';
export { keyHashSlot } from './redis/keySlot';
export { Journal } from './journal/journal';
export type { AnyEvent, EventRecord, EventName, EventDetails, ViewRow, ProcessRecord, SlotMap, RunEnd, WorkloadEnd } from './journal/journal';
export { eventText } from './journal/eventText';
export { FAULT_KINDS } from './faults/registry';
export type { FaultKey, Fault } from './faults/registry';
export { clusterNodes, clusterInfo } from './redis/clusterNodesFormat';
export { TOOL } from './version';
