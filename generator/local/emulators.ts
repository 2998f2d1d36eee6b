import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';

/**
 * S3 and DynamoDB emulators from npm (s3rver, dynalite), in this process, on 127.0.0.1
 * only and on ports the OS picks. They are devDependencies: rehearsal tooling, never part
 * of a real deployment.
 */
export interface LocalBackend {
  readonly s3Endpoint: string;
  readonly dynamodbEndpoint: string;
  /** Folder s3rver keeps buckets and objects in. */
  readonly s3Directory: string;
  /** Both ports, to check afterwards that nothing is left listening. */
  readonly ports: readonly number[];
  stop(): Promise<void>;
}

/** s3rver's default credentials; the emulators accept nothing else. */
export const EMULATOR_CREDENTIALS = { accessKey: 'S3RVER', secretKey: 'S3RVER' } as const;

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
interface DynaliteServer {
  listen(port: number, host: string, cb: (err?: Error) => void): void;
  address(): AddressInfo;
  close(cb: (err?: Error) => void): void;
}

export async function startLocalBackend(s3Directory: string): Promise<LocalBackend> {
  mkdirSync(s3Directory, { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver') as new (opts: object) => S3rverInstance;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as (opts: object) => DynaliteServer;

  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Directory });
  const s3Address = await s3.run();
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  try {
    await new Promise<void>((resolve, reject) => dynamo.listen(0, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  } catch (err) {
    await s3.close();
    throw err;
  }
  const dynamoPort = dynamo.address().port;
  let stopped: Promise<void> | undefined;
  return {
    s3Endpoint: `http://127.0.0.1:${s3Address.port}`,
    dynamodbEndpoint: `http://127.0.0.1:${dynamoPort}`,
    s3Directory,
    ports: [s3Address.port, dynamoPort],
    stop() {
      stopped ??= Promise.all([s3.close(), new Promise<void>((resolve) => dynamo.close(() => resolve()))]).then(() => undefined);
      return stopped;
    },
  };
}
