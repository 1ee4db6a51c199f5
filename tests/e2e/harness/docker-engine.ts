/**
 * The e2e engine harness: a Pulumi mocks `stateFor` that performs each docker:index/* and
 * random:index/* registration for real, on the local Docker engine through the Engine API
 * (dockerode), and returns the ids and state the providers would. Everything it creates
 * carries the run's label, and `teardown` removes exactly that.
 */
import { randomInt } from 'node:crypto';
import path from 'node:path';
import type * as pulumi from '@pulumi/pulumi';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { run } from '../../support/docker';
import { waitFor } from '../../support/wait-for';
import type { MockState } from '../../support/pulumi-program';
import {
  CONTAINER_FIELDS,
  NETWORK_FIELDS,
  VOLUME_FIELDS,
  assertTranslated,
  containerPlan,
  networkBody,
  volumeBody,
  type Inputs,
} from './translate';

export const RUN_LABEL = 'org.datahub.e2e.run';

export interface EngineEvent {
  readonly at: number;
  readonly what: string;
}

function randomPassword(inputs: Inputs): string {
  const alphabet = [
    inputs.lower === false ? '' : 'abcdefghijklmnopqrstuvwxyz',
    inputs.upper === false ? '' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    inputs.numeric === false ? '' : '0123456789',
    inputs.special === false ? '' : '!#$%&*()-_=+[]{}<>:?',
  ].join('');
  const length = Number(inputs.length);
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

async function uploadArchive(files: { file: string; content: string; executable: boolean }[]): Promise<Buffer> {
  const tar = pack();
  for (const f of files) tar.entry({ name: f.file.replace(/^\//, ''), mode: f.executable ? 0o755 : 0o644 }, f.content);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export class DockerEngineHarness {
  readonly events: EngineEvent[] = [];
  private aborted = false;
  readonly containers = new Map<string, string>();

  constructor(
    private readonly docker: Docker,
    readonly runId: string,
  ) {}

  private get labels(): Record<string, string> {
    return { [RUN_LABEL]: this.runId };
  }

  private note(what: string): void {
    this.events.push({ at: Date.now(), what });
    console.log(`[engine ${new Date().toISOString().slice(11, 19)}] ${what}`);
  }

  /** For RunOptions.stateFor: performs one registration on the real engine. */
  readonly stateFor = async (args: pulumi.runtime.MockResourceArgs): Promise<MockState> => {
    const inputs = args.inputs as Inputs;
    switch (args.type) {
      case 'pulumi:pulumi:Stack':
        return { state: {} };
      case 'pulumi:providers:docker':
        assertTranslated(args.type, args.name, inputs, ['host', 'version']);
        return { id: `${args.name}-provider`, state: inputs };
      case 'random:index/randomPassword:RandomPassword': {
        assertTranslated(args.type, args.name, inputs, ['length', 'special', 'upper', 'lower', 'numeric']);
        return { id: 'none', state: { ...inputs, result: randomPassword(inputs) } };
      }
      case 'docker:index/network:Network':
        return this.network(args.name, inputs);
      case 'docker:index/volume:Volume':
        return this.volume(args.name, inputs);
      case 'docker:index/remoteImage:RemoteImage':
        return this.remoteImage(args.name, inputs);
      case 'docker:index/image:Image':
        return this.image(args.name, inputs);
      case 'docker:index/container:Container':
        return this.container(args.name, inputs);
      default:
        if (args.custom === false) return { state: {} };
        throw new Error(`the e2e harness cannot perform ${args.type} (${args.name})`);
    }
  };

  private async network(name: string, inputs: Inputs): Promise<MockState> {
    assertTranslated('Network', name, inputs, NETWORK_FIELDS);
    const network = await this.docker.createNetwork(networkBody(inputs, this.labels));
    this.note(`network ${String(inputs.name)} created`);
    return { id: network.id, state: { ...inputs, driver: inputs.driver ?? 'bridge' } };
  }

  private async volume(name: string, inputs: Inputs): Promise<MockState> {
    assertTranslated('Volume', name, inputs, VOLUME_FIELDS);
    const created = await this.docker.createVolume(volumeBody(inputs, this.labels));
    const volume = (await created.inspect()) as {
      Name: string;
      Mountpoint: string;
      Labels: Record<string, string> | null;
    };
    // Docker answers a create of an existing name with that volume: never adopt data from elsewhere.
    if (volume.Labels?.[RUN_LABEL] !== this.runId) {
      throw new Error(
        `volume ${volume.Name} already exists and does not belong to this run: remove it with \`docker volume rm ${volume.Name}\``,
      );
    }
    this.note(`volume ${volume.Name} created`);
    return { id: volume.Name, state: { ...inputs, mountpoint: volume.Mountpoint, driver: 'local' } };
  }

  /** No registry is reachable: a RemoteImage must already exist locally (scripts/images/build-e2e-images.sh). */
  private async remoteImage(name: string, inputs: Inputs): Promise<MockState> {
    assertTranslated('RemoteImage', name, inputs, ['name', 'keepLocally']);
    const ref = String(inputs.name);
    let image: Docker.ImageInspectInfo;
    try {
      image = await this.docker.getImage(ref).inspect();
    } catch {
      throw new Error(
        `image ${ref} is not on this engine and no registry is reachable: run scripts/images/build-e2e-images.sh`,
      );
    }
    this.note(`image ${ref} found locally (${image.Id.slice(7, 19)})`);
    return {
      id: `${image.Id}${ref}`,
      state: { ...inputs, imageId: image.Id, repoDigest: image.RepoDigests?.[0] ?? '' },
    };
  }

  private async image(name: string, inputs: Inputs): Promise<MockState> {
    // buildOnPreview only matters to `pulumi preview`; an up always builds.
    assertTranslated('Image', name, inputs, ['build', 'imageName', 'skipPush', 'buildOnPreview']);
    const build = inputs.build as {
      context: string;
      dockerfile?: string;
      args?: Record<string, string>;
      platform?: string;
    };
    assertTranslated('Image.build', name, build as Inputs, ['context', 'dockerfile', 'args', 'platform']);
    if (inputs.skipPush !== true) throw new Error(`${name}: only skipPush images can be built here (no registry)`);
    const tag = String(inputs.imageName);
    const started = Date.now();
    const buildArgs = Object.entries(build.args ?? {}).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);
    await run(
      'docker',
      [
        'build',
        '--quiet',
        '--tag',
        tag,
        '--file',
        build.dockerfile ?? path.join(build.context, 'Dockerfile'),
        ...buildArgs,
        build.context,
      ],
      { timeoutMs: 600_000 },
    );
    const image = await this.docker.getImage(tag).inspect();
    this.note(`image ${tag} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // For local images the provider's repoDigest is the image id.
    return {
      id: image.Id,
      state: {
        ...inputs,
        repoDigest: image.Id,
        baseImageName: tag,
        context: build.context,
        dockerfile: build.dockerfile,
        platform: build.platform,
      },
    };
  }

  private async container(name: string, inputs: Inputs): Promise<MockState> {
    assertTranslated('Container', name, inputs, CONTAINER_FIELDS);
    for (const [field, known] of [
      ['ports', ['internal', 'external', 'ip', 'protocol']],
      ['volumes', ['volumeName', 'containerPath', 'readOnly']],
      ['networksAdvanced', ['name', 'aliases']],
      ['uploads', ['file', 'content', 'executable']],
      ['labels', ['label', 'value']],
    ] as const) {
      for (const item of (inputs[field] ?? []) as Inputs[]) assertTranslated(`Container.${field}`, name, item, known);
    }
    if (inputs.healthcheck) {
      assertTranslated('Container.healthcheck', name, inputs.healthcheck as Inputs, [
        'tests',
        'interval',
        'timeout',
        'retries',
        'startPeriod',
      ]);
    }
    if (inputs.capabilities)
      assertTranslated('Container.capabilities', name, inputs.capabilities as Inputs, ['adds', 'drops']);

    const plan = containerPlan(inputs, this.labels);
    const container = await this.docker.createContainer(plan.create);
    for (const n of plan.moreNetworks)
      await this.docker.getNetwork(n.name).connect({ Container: container.id, EndpointConfig: { Aliases: n.aliases } });
    // Uploads go in before start, as the provider does.
    if (plan.uploads.length > 0) await container.putArchive(await uploadArchive(plan.uploads), { path: '/' });
    await container.start();
    const containerName = String(inputs.name);
    this.containers.set(containerName, container.id);
    this.note(`container ${containerName} started`);
    if (plan.wait) {
      await waitFor(
        `${containerName} to become healthy (wait: true)`,
        async () => {
          if (this.aborted)
            throw new HarnessFailure(`${containerName}: the run was torn down while waiting for health`);
          const state = (await container.inspect()).State;
          if (state.Status === 'exited' || state.Health?.Status === 'unhealthy') {
            const log = await container.logs({ stdout: true, stderr: true, tail: 30 });
            throw new HarnessFailure(
              `container ${containerName} became ${state.Health?.Status ?? state.Status}:\n${log.toString()}`,
            );
          }
          return state.Health?.Status === 'healthy' ? true : undefined;
        },
        { timeoutMs: plan.waitTimeoutSeconds * 1000, intervalMs: 500, rethrow: (err) => err instanceof HarnessFailure },
      );
      this.note(`container ${containerName} healthy`);
    }
    const inspected = await container.inspect();
    return {
      id: container.id,
      state: { ...inputs, name: containerName, networkDatas: inspected.NetworkSettings.Networks },
    };
  }

  /** Removes every container, network and volume of this run; returns what it removed. Stops any wait in progress. */
  teardown(): Promise<string[]> {
    this.aborted = true;
    return removeLabelled(this.docker, `${RUN_LABEL}=${this.runId}`);
  }

  /** Everything still labelled with this run (teardown must leave this empty). */
  async leftovers(): Promise<string[]> {
    const filters = { label: [`${RUN_LABEL}=${this.runId}`] };
    return [
      ...(await this.docker.listContainers({ all: true, filters })).map((c) => `container ${c.Id}`),
      ...(await this.docker.listNetworks({ filters })).map((n) => `network ${n.Name}`),
      ...((await this.docker.listVolumes({ filters })).Volumes ?? []).map((v) => `volume ${v.Name}`),
    ];
  }
}

/** Removes what an earlier run left when its process died before its teardown. */
export function sweepEarlierRuns(docker: Docker): Promise<string[]> {
  return removeLabelled(docker, RUN_LABEL);
}

async function removeLabelled(docker: Docker, label: string): Promise<string[]> {
  {
    const removed: string[] = [];
    const filters = { label: [label] };
    for (const c of await docker.listContainers({ all: true, filters })) {
      await docker.getContainer(c.Id).remove({ force: true });
      removed.push(`container ${c.Names[0] ?? c.Id}`);
    }
    for (const n of await docker.listNetworks({ filters })) {
      await docker.getNetwork(n.Id).remove();
      removed.push(`network ${n.Name}`);
    }
    for (const v of (await docker.listVolumes({ filters })).Volumes ?? []) {
      await docker.getVolume(v.Name).remove();
      removed.push(`volume ${v.Name}`);
    }
    return removed;
  }
}

/** A failure waitFor must not retry past (the container is already unhealthy or gone). */
export class HarnessFailure extends Error {
  override readonly name = 'HarnessFailure';
}
