'use strict';
// Runs s3rver and dynalite on 127.0.0.1 (OS-chosen ports) in a plain Node process, prints
// {"s3Port":…,"dynamodbPort":…} once both listen, and exits when its stdin closes (the
// parent stopped it or died) or on SIGTERM. Plain JS: tsx's module hooks break koa, which
// s3rver uses.
const S3rver = require('s3rver');
const dynalite = require('dynalite');

const directory = process.argv[2];
if (!directory) {
  process.stderr.write('usage: emulator-process.cjs <s3-directory>\n');
  process.exit(2);
}

async function main() {
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const s3Address = await s3.run();
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise((resolve, reject) => dynamo.listen(0, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    Promise.all([s3.close(), new Promise((resolve) => dynamo.close(resolve))]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.stdin.on('end', shutdown);
  process.stdin.on('close', shutdown);
  process.stdin.resume();
  process.on('SIGTERM', shutdown);
  process.stdout.write(`${JSON.stringify({ s3Port: s3Address.port, dynamodbPort: dynamo.address().port })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
