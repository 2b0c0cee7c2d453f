import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A fast SMTP server for the email benchmark, run in a process of its own (forked with
 * IPC) so that it never competes with the senders for their event loop: it accepts every
 * message, discards the data without parsing it and counts. It tells its port once it
 * listens, and answers { count: true } with the messages accepted so far.
 */
let accepted = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  // Thousands of messages per connection, none of them waiting on a slow client.
  maxClients: 1000,
  socketTimeout: 120_000,
  onData(stream, _session, callback) {
    stream.on('end', () => {
      accepted += 1;
      callback();
    });
    stream.resume();
  },
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.server.address() as AddressInfo).port });
});

process.on('message', (message: { count?: boolean }) => {
  if (message.count) process.send?.({ accepted });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
