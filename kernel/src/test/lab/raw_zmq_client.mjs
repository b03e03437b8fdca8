// JupyterLab's kernel client over raw ZeroMQ, the way VS Code's Jupyter extension talks to a local
// kernel: @jupyterlab/services' KernelConnection, whose "WebSocket" is a bridge to the kernel's five
// sockets (npm zeromq), messages signed with the connection file's key. Every message the kernel
// sends passes through JupyterLab's own validator on the way in. Started by test_raw_zmq_client.py,
// which starts the kernel with jupyter_client.
//
//   node raw_zmq_client.mjs CONFIG.json
//
// CONFIG: {connection, results, modules}
//   connection  the kernel's connection file
//   modules     the folder whose node_modules holds @jupyterlab/services and zeromq

import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SECOND, expect, within, recorder, runChecks } from '../drivers/checks.mjs';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const require = createRequire(path.join(config.modules, 'package.json'));
const { ServerConnection, KernelConnection, KernelMessage } = require('@jupyterlab/services');
const zmq = require('zeromq');

const CELL = 60 * SECOND;
const SPIN = 'long spins = 0;\nwhile (true) { spins++; }';
const connection = JSON.parse(fs.readFileSync(config.connection, 'utf8'));
const endpoint = port => `${connection.transport}://${connection.ip}:${port}`;
const DELIMITER = '<IDS|MSG>';

/** What the bridge saw, in order: the first request sent, the welcome, validation failures. */
const seen = { events: [], invalid: [] };

function sign(parts) {
  const hmac = crypto.createHmac('sha256', connection.key);
  parts.forEach(p => hmac.update(p));
  return hmac.digest('hex');
}

/** A WebSocket as KernelConnection uses one, carried over the kernel's ZeroMQ sockets. */
class RawSocket {
  constructor() {
    this.protocol = '';
    this.binaryType = 'arraybuffer';
    this.onopen = this.onclose = this.onerror = this.onmessage = () => {};
    this.routingId = crypto.randomUUID();
    this.sockets = {
      shell: new zmq.Dealer({ routingId: this.routingId }),
      control: new zmq.Dealer({ routingId: this.routingId }),
      stdin: new zmq.Dealer({ routingId: this.routingId }),
      iopub: new zmq.Subscriber(),
    };
    this.sockets.shell.connect(endpoint(connection.shell_port));
    this.sockets.control.connect(endpoint(connection.control_port));
    this.sockets.stdin.connect(endpoint(connection.stdin_port));
    this.sockets.iopub.connect(endpoint(connection.iopub_port));
    this.sockets.iopub.subscribe('');
    this.opened = false;
    for (const [channel, socket] of Object.entries(this.sockets)) {
      this.receive(channel, socket);
    }
  }

  async receive(channel, socket) {
    try {
      for await (const frames of socket) {
        const at = frames.findIndex(f => f.toString() === DELIMITER);
        const [signature, ...parts] = frames.slice(at + 1);
        const json = parts.slice(0, 4);
        if (sign(json) !== signature.toString()) {
          seen.invalid.push(`${channel}: bad signature`);
          continue;
        }
        const [header, parent_header, metadata, content] = json.map(p => JSON.parse(p.toString()));
        const msg = { header, parent_header, metadata, content, buffers: parts.slice(4), channel };
        if (channel === 'iopub' && header.msg_type === 'iopub_welcome') {
          seen.events.push('welcome');
          // As VS Code does since protocol 5.5: the connection counts as open once iopub is live.
          if (!this.opened) {
            this.opened = true;
            this.onopen({});
          }
        }
        try {
          this.onmessage({ data: msg });
        } catch (e) {
          seen.invalid.push(`${channel} ${header.msg_type}: ${e.message}`);
        }
      }
    } catch (e) {
      if (!this.closed) seen.invalid.push(`${channel}: ${e.message}`);
    }
  }

  send(msg) {
    if (!seen.events.includes('sent')) seen.events.push('sent');
    const json = [msg.header, msg.parent_header, msg.metadata, msg.content].map(p => JSON.stringify(p ?? {}));
    this.sockets[msg.channel].send([DELIMITER, sign(json), ...json]);
  }

  close() {
    this.closed = true;
    Object.values(this.sockets).forEach(s => s.close());
    this.onclose({ code: 1000 });
  }
}

const checks = [
  ['welcome_before_first_request', async kernel => {
    await within(kernel.info, CELL, 'kernel_info');
    expect(seen.events[0] === 'welcome', 'iopub_welcome before the first request went out', seen.events);
  }],
  ['kernel_info', async kernel => {
    const info = await kernel.info;
    expect(info.protocol_version === '5.5' && kernel.supportsSubshells, 'protocol 5.5 with subshells', info);
  }],
  ['interrupt_on_shell', async kernel => {
    const future = kernel.requestExecute({ code: SPIN }, false);
    let started;
    const running = new Promise(resolve => { started = resolve; });
    future.onIOPub = msg => { if (msg.header.msg_type === 'execute_input') started(); };
    await within(running, CELL, 'the loop to start');
    // As VS Code before late 2025 sends it for interrupt_mode "message": on shell, behind the loop.
    const interrupt = kernel.sendShellMessage(KernelMessage.createMessage({
      msgType: 'interrupt_request', channel: 'shell', session: kernel.clientId, content: {},
    }), true);
    const answered = await within(interrupt.done, CELL, 'interrupt_reply');
    expect(answered.content.status === 'ok', 'interrupt_reply ok', answered.content);
    const ended = await within(future.done, CELL, 'the loop to end');
    expect(ended.content.status === 'error' && ended.content.ename === 'jaudit.instrument.CellInterruptedError',
      'the loop to end interrupted', ended.content);
    future.dispose();
  }],
  ['every_message_valid', async () => {
    expect(seen.invalid.length === 0, 'every message to pass JupyterLab\'s validator and signature check',
      seen.invalid);
  }],
];

const record = recorder(config.results);

const serverSettings = ServerConnection.makeSettings({
  baseUrl: 'http://127.0.0.1:9/', wsUrl: 'ws://127.0.0.1:9/', WebSocket: RawSocket,
  // Messages stay objects: the bridge signs and frames them itself.
  serializer: { serialize: msg => msg, deserialize: msg => msg },
});
const kernel = new KernelConnection({ model: { id: 'raw', name: 'jaudit' }, serverSettings, handleComms: true });
await runChecks(checks, kernel, record);
kernel.dispose();
process.exit(0);
