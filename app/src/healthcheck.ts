// Docker HEALTHCHECK without curl: exits 0 when the app answers 2xx on the probed path.
import { APP_ENV } from './contract';

const port = process.env[APP_ENV.port] ?? '8080';
const path = process.argv[2] ?? '/health/ready';

fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4000) })
  .then((res) => process.exit(res.ok ? 0 : 1))
  .catch(() => process.exit(1));
