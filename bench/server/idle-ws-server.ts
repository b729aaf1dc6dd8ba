/**
 * The baseline of the idle-connections bench: a bare `ws` server in its own process that answers a hello
 * with `caught_up` and keeps the socket, no accounts, no state. Prints `{"port":…}` when it listens.
 */
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  perMessageDeflate: false,
  clientTracking: true,
});
wss.on('connection', (socket) => {
  socket.on('error', (error) => console.error(`idle-ws-server: ${error.message}`));
  socket.once('message', () => socket.send('{"type":"caught_up","seq":0}'));
});
wss.on('listening', () => {
  const address = wss.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
});
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
