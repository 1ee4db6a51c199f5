/**
 * The rendered monitoring files, byte for byte, of the committed dev and prod stacks (prod also
 * as the Kubernetes platform renders it, with the app's replicas behind a headless Service).
 * A refactor of the rule, scrape or dashboard code must leave every byte as it is; a deliberate
 * change updates the snapshot (`npx jest -u`) and shows the new bytes in review.
 */
import { parseStackConfig } from '../../../infra/config';
import { renderMonitoringFiles } from '../../../infra/monitoring/render';
import type { ScrapeTopology } from '../../../infra/services/topology';
import { stackConfig } from '../../support/pulumi-program';

const cases: readonly (readonly [string, string, ScrapeTopology])[] = [
  ['dev', 'static targets', {}],
  ['prod', 'static targets', {}],
  ['prod', 'app replicas found through DNS', { appReplicasDnsName: 'app-pods' }],
];

describe.each(cases)('the monitoring files of the %s stack (%s)', (stack, _topologyName, topology) => {
  const files = renderMonitoringFiles(parseStackConfig(stack, stackConfig(stack)), topology);
  const all = { ...files.prometheus, ...files.alertmanager, ...files.grafana };

  it('are the files they were', () => {
    expect(Object.keys(all).sort()).toMatchSnapshot();
  });

  it.each(Object.keys(all).sort())('%s has the bytes it had', (file) => {
    expect(all[file]).toMatchSnapshot();
  });
});
