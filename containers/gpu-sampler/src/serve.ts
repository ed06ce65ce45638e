/**
 * The container's entry point. SageMaker starts an inference container as `docker run <image>
 * serve`; the Dockerfile's ENTRYPOINT runs this file, so "serve" arrives as the first argument
 * (and is also the default). Configuration is by environment only: see server/server-config.ts
 * and the README.
 */
import { startSampler } from './server/start-sampler.js';

const SERVE_COMMAND = 'serve';

const [command = SERVE_COMMAND, ...rest] = process.argv.slice(2);
if (command !== SERVE_COMMAND || rest.length > 0) {
  process.stderr.write(
    `gpu-sampler: unknown command "${[command, ...rest].join(' ')}"; the container only runs "${SERVE_COMMAND}"\n`,
  );
  process.exit(2);
}

try {
  await startSampler({ ownsProcess: true });
} catch (error) {
  // One JSON line like every other event (the logger may not exist yet: bad configuration).
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  const line = {
    level: 'ERROR',
    message: 'cannot start',
    timestamp: new Date().toISOString(),
    errorName: name,
    errorMessage: message,
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
  process.exit(1);
}
