import { Journal } from '../journal/journal';
import { checkExpectations } from './expectations';
import { findFailovers } from './failovers';
import { buildSummary, Summary } from './summary';
import { Timeline } from './timeline';
import { workloadReport } from './workload';

/** Everything reports need from a finished run. */
export function analyze(journal: Journal): Summary {
  const timeline = new Timeline(journal);
  const failovers = findFailovers(journal, timeline);
  const workload = workloadReport(journal);
  return buildSummary(journal, failovers, checkExpectations(journal, timeline, failovers, workload), workload);
}
