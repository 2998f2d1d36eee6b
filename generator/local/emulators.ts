import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * S3 and DynamoDB emulators from npm (s3rver, dynalite) in a child Node process, on
 * 127.0.0.1 only and on ports the OS picks. They are devDependencies: rehearsal tooling,
 * never part of a real deployment.
 */
export interface LocalBackend {
  readonly s3Endpoint: string;
  readonly dynamodbEndpoint: string;
  /** Folder s3rver keeps buckets and objects in. */
  readonly s3Directory: string;
  /** Both ports, to check afterwards that nothing is left listening. */
  readonly ports: readonly number[];
  /** The emulator process, to check afterwards that it has exited. */
  readonly pid: number;
  stop(): Promise<void>;
}

/** s3rver's default credentials; the emulators accept nothing else. */
export const EMULATOR_CREDENTIALS = { accessKey: 'S3RVER', secretKey: 'S3RVER' } as const;

export async function startLocalBackend(s3Directory: string, startTimeoutMs = 30_000): Promise<LocalBackend> {
  mkdirSync(s3Directory, { recursive: true });
  const child = spawn(process.execPath, [join(__dirname, 'emulator-process.cjs'), s3Directory], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ports = await new Promise<{ s3Port: number; dynamodbPort: number }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulators did not start within ${startTimeoutMs} ms: ${stderr}`)), startTimeoutMs);
    child.stdout.on('data', (d) => {
      out += d;
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulators exited (code ${code}) before listening: ${stderr}`));
    });
  }).catch(async (err) => {
    child.kill('SIGKILL');
    await exited;
    throw err;
  });
  let stopped: Promise<void> | undefined;
  return {
    s3Endpoint: `http://127.0.0.1:${ports.s3Port}`,
    dynamodbEndpoint: `http://127.0.0.1:${ports.dynamodbPort}`,
    s3Directory,
    ports: [ports.s3Port, ports.dynamodbPort],
    pid: child.pid!,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.stdin.end();
          const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(killer);
        }
      })();
      return stopped;
    },
  };
}
