/** Removes a Docker volume through the engine API: what `destroy --including-data` does to volumes Pulumi retains. */
import Docker from 'dockerode';

/** Docker connection options for a provider `host` such as unix:///var/run/docker.sock or tcp://h:2375. */
export function dockerOptions(host: string | undefined): Docker.DockerOptions {
  if (!host) return {};
  const url = new URL(host);
  if (url.protocol === 'unix:') return { socketPath: url.pathname };
  if (url.protocol === 'tcp:' || url.protocol === 'http:')
    return { host: url.hostname, port: Number(url.port || 2375) };
  if (url.protocol === 'ssh:')
    return { protocol: 'ssh', host: url.hostname, ...(url.username ? { username: url.username } : {}) };
  throw new Error(`unsupported Docker host ${host}: use unix://, tcp:// or ssh://`);
}

/** True when the volume was removed, false when it was already gone. */
export async function removeVolume(name: string, dockerHost: string | undefined): Promise<boolean> {
  const docker = new Docker(dockerOptions(dockerHost ?? process.env.DOCKER_HOST));
  try {
    await docker.getVolume(name).remove();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}
