// The browser teller console: VTM signaling (kiosk/vtm/signaling.py) over this host's WebSocket,
// a WebRTC answer with the teller's camera and microphone, and the teller commands of
// kiosk/vtm/commands.py over the terminal's "control" data channel. Plain script, no build step.
"use strict";

const COMMAND_TIMEOUT_MS = 30000; // no result by then: the teller may send another command
const ICE_GATHERING_MS = 5000; // the answer goes out complete (no trickle), or after this long
const HEARTBEAT_MS = 10000;
const DOCUMENT_ID = /^[0-9a-f]{32}$/;

// What the page is doing, readable from outside (the interop test reads it).
const consoleState = {
  state: "logged_out", // logged_out, idle, connecting, ready, incoming, answering, in_call
  teller_id: null,
  call_id: null,
  terminal_id: null,
  framesDecoded: 0, // inbound video, from getStats
  framesSent: 0,
  controlOpen: false,
  pending: null, // id of the command awaiting its result
  sent: [], // every command text sent, in order
  replies: [], // every reply as received (an unreadable one as {raw: text})
  ended: null, // {by, reason} of the last call
  error: null,
};
window.consoleState = consoleState;

const $ = (id) => document.getElementById(id);
let ws = null;
let heartbeat = null;
let pc = null;
let localStream = null;
let mediaPromise = null;
let control = null;
let commandSeq = 0;
let pendingTimer = null;
let statsTimer = null;
let connectedAt = null;

function setState(state) {
  consoleState.state = state;
  $("state").textContent = state;
  const inCall = ["answering", "in_call"].includes(state);
  $("ready-button").disabled = state !== "idle";
  $("hangup-button").disabled = !inCall && state !== "incoming";
  renderCommandButtons();
}

function notice(text) {
  consoleState.error = text || null;
  $("notice").textContent = text || "";
}

function log(text, cls) {
  const item = document.createElement("li");
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  item.dataset.testid = "log-entry";
  if (cls) item.className = cls;
  $("log").appendChild(item);
  $("log").scrollTop = $("log").scrollHeight;
}

// --- signaling ------------------------------------------------------------------------------

function signalUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/v1/vtm/signal`;
}

function signal(message) {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

function goReady() {
  notice("");
  if (ws && ws.readyState === WebSocket.OPEN) {
    signal({ type: "ready" });
    setState("ready");
    return;
  }
  setState("connecting");
  ws = new WebSocket(signalUrl());
  ws.onopen = () => signal({
    type: "register", role: "teller",
    teller_id: consoleState.teller_id, name: $("teller-name").value.trim() || null,
  });
  ws.onmessage = (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (error) {
      log("unreadable message from the service", "refused");
      return;
    }
    onSignal(message);
  };
  ws.onclose = () => {
    clearInterval(heartbeat);
    ws = null;
    if (consoleState.call_id) endCall("service", "signaling_lost");
    if (consoleState.state !== "logged_out") {
      setState("idle");
      notice("信令连接断开 / Signaling connection lost: press Ready to connect again");
    }
  };
}

function onSignal(message) {
  switch (message.type) {
    case "registered":
      heartbeat = setInterval(() => signal({ type: "heartbeat" }), HEARTBEAT_MS);
      signal({ type: "ready" });
      setState("ready");
      log("registered; ready for the next call");
      break;
    case "incoming":
      incoming(message);
      break;
    case "offer":
      if (message.call_id === consoleState.call_id) answer(message.sdp);
      break;
    case "bye":
      if (message.call_id === consoleState.call_id) endCall("terminal", message.reason);
      break;
    case "error":
      log(`service error: ${message.code} ${message.message || ""}`, "refused");
      notice(`${message.code}`);
      break;
    default:
      break; // heartbeat_ack and anything newer
  }
}

function incoming(message) {
  consoleState.call_id = message.call_id;
  consoleState.terminal_id = message.terminal_id;
  consoleState.ended = null;
  commandSeq = 0;
  $("incoming-terminal").textContent = message.terminal_id;
  $("incoming-language").textContent = message.language;
  $("incoming-business").textContent = message.business;
  $("incoming-call").textContent = message.call_id;
  $("incoming").hidden = false;
  setState("incoming");
  log(`incoming call ${message.call_id} from ${message.terminal_id}`);
  // The camera starts while the terminal prepares its offer: the answer goes out sooner.
  mediaPromise = navigator.mediaDevices.getUserMedia({
    video: { width: 640, height: 480, frameRate: { ideal: 30 } }, audio: true,
  });
  mediaPromise.catch(() => {}); // reported where it is awaited
}

// --- media ----------------------------------------------------------------------------------

async function answer(offerSdp) {
  setState("answering");
  try {
    localStream = await mediaPromise;
  } catch (error) {
    notice(`摄像头/麦克风不可用 / Camera or microphone unavailable: ${error.name}`);
    hangUp("failed");
    return;
  }
  if (!consoleState.call_id) return; // the call ended while the camera started
  $("local-video").srcObject = localStream;
  const peer = new RTCPeerConnection({ iceServers: [] });
  pc = peer;
  const remote = new MediaStream();
  $("remote-video").srcObject = remote;
  peer.ontrack = (event) => remote.addTrack(event.track);
  peer.ondatachannel = (event) => attachControl(event.channel);
  peer.onconnectionstatechange = () => {
    if (pc !== peer) return;
    if (peer.connectionState === "connected" && connectedAt === null) {
      connectedAt = Date.now();
      setState("in_call");
      log("media connected");
    } else if (peer.connectionState === "failed") {
      log("media connection failed", "failed");
      hangUp("failed");
    }
  };
  try {
    await peer.setRemoteDescription({ type: "offer", sdp: offerSdp });
    // After the offer: addTrack then reuses the offered audio and video transceivers.
    for (const track of localStream.getTracks()) peer.addTrack(track, localStream);
    await peer.setLocalDescription(await peer.createAnswer());
    await iceGatheringDone(peer);
  } catch (error) {
    if (pc !== peer) return; // hung up meanwhile
    log(`could not answer: ${error.name} ${error.message}`, "failed");
    hangUp("failed");
    return;
  }
  if (pc !== peer) return;
  signal({ type: "answer", call_id: consoleState.call_id, sdp: peer.localDescription.sdp });
  log("answer sent");
  statsTimer = setInterval(readStats, 1000);
}

function iceGatheringDone(peer) {
  return new Promise((resolve) => {
    if (peer.iceGatheringState === "complete") return resolve();
    const timer = setTimeout(resolve, ICE_GATHERING_MS);
    peer.addEventListener("icegatheringstatechange", () => {
      if (peer.iceGatheringState !== "complete") return;
      clearTimeout(timer);
      resolve();
    });
  });
}

async function readStats() {
  if (!pc) return;
  const stats = await pc.getStats();
  stats.forEach((report) => {
    if (report.kind !== "video") return;
    if (report.type === "inbound-rtp") consoleState.framesDecoded = report.framesDecoded || 0;
    if (report.type === "outbound-rtp") consoleState.framesSent = report.framesSent || 0;
  });
  $("frames").textContent =
    `frames in ${consoleState.framesDecoded} / out ${consoleState.framesSent}`;
  if (connectedAt !== null) {
    const seconds = Math.floor((Date.now() - connectedAt) / 1000);
    const mm = String(Math.floor(seconds / 60)).padStart(2, "0");
    $("call-timer").textContent = `${mm}:${String(seconds % 60).padStart(2, "0")}`;
  }
}

function hangUp(reason) {
  if (!consoleState.call_id) return;
  signal({ type: "bye", call_id: consoleState.call_id, reason });
  endCall("teller", reason);
}

function endCall(by, reason) {
  log(`call ${consoleState.call_id} ended by the ${by} (${reason})`);
  consoleState.ended = { by, reason };
  clearInterval(statsTimer);
  clearTimeout(pendingTimer);
  if (control) control.close();
  control = null;
  consoleState.controlOpen = false;
  consoleState.pending = null;
  if (pc) pc.close();
  pc = null;
  // The camera and microphone are released with the call.
  if (localStream) localStream.getTracks().forEach((track) => track.stop());
  if (mediaPromise && !localStream) {
    mediaPromise.then((stream) => stream.getTracks().forEach((t) => t.stop()), () => {});
  }
  localStream = null;
  mediaPromise = null;
  connectedAt = null;
  $("local-video").srcObject = null;
  $("remote-video").srcObject = null;
  $("incoming").hidden = true;
  $("pending").textContent = "";
  consoleState.call_id = null;
  setState(ws ? "idle" : consoleState.state);
}

// --- commands -------------------------------------------------------------------------------

function attachControl(channel) {
  if (channel.label !== "control") return;
  control = channel;
  const opened = () => {
    consoleState.controlOpen = true;
    renderCommandButtons();
    log("control channel open");
  };
  if (channel.readyState === "open") opened();
  else channel.onopen = opened;
  channel.onclose = () => {
    consoleState.controlOpen = false;
    renderCommandButtons();
  };
  channel.onmessage = (event) => onReply(event.data);
}

function renderCommandButtons() {
  const usable = consoleState.controlOpen && consoleState.pending === null;
  document.querySelectorAll("form[data-command] button").forEach((b) => { b.disabled = !usable; });
  document.querySelector("#raw-form button").disabled = !consoleState.controlOpen;
  $("pending").textContent = consoleState.pending ? `waiting for ${consoleState.pending}` : "";
}

function sendText(text, id, summary) {
  if (!control || control.readyState !== "open") {
    notice("没有控制通道 / No control channel");
    return;
  }
  control.send(text);
  consoleState.sent.push(text);
  log(`→ ${summary}`, "out");
  if (id !== null) {
    consoleState.pending = id;
    clearTimeout(pendingTimer);
    pendingTimer = setTimeout(() => {
      log(`no answer to ${id} after ${COMMAND_TIMEOUT_MS / 1000} s`, "failed");
      consoleState.pending = null;
      renderCommandButtons();
    }, COMMAND_TIMEOUT_MS);
  }
  renderCommandButtons();
}

function sendCommand(type, payload) {
  commandSeq += 1;
  const id = `c-${commandSeq}`;
  sendText(JSON.stringify({ id, type, payload }), id, `${id} ${type}`);
}

function payloadOf(form) {
  const value = (name) => form.elements[name].value.trim();
  switch (form.dataset.command) {
    case "account_summary":
      return { account_no: value("account_no") };
    case "document_photo":
      return { document: value("document") };
    case "push_form": {
      const fields = {};
      for (const name of ["account_no", "contact_name", "new_phone"]) {
        if (value(name)) fields[name] = value(name);
      }
      return { form: value("form"), fields };
    }
    case "print":
      return {
        kind: value("kind"), title: value("title"),
        lines: form.elements.lines.value.split("\n").map((l) => l.trimEnd()).filter((l) => l),
      };
    case "hand_back":
      return { service: value("service") };
    default:
      return {};
  }
}

function onReply(data) {
  let reply;
  try {
    reply = JSON.parse(data);
  } catch (error) {
    reply = { raw: String(data) };
  }
  consoleState.replies.push(reply);
  const id = reply.id || "-";
  if (reply.type === "ack") {
    log(`← ${id} ack: the customer is being asked`);
  } else if (reply.type === "refused") {
    log(`← ${id} refused: ${reply.reason} ${reply.detail || ""}`, "refused");
  } else if (reply.type === "result") {
    const extra = reply.error ? ` (${reply.error})` : "";
    log(`← ${id} result: ${reply.status}${extra}`, reply.status === "done" ? "done" : "failed");
    showResult(reply);
  } else {
    log(`← unreadable reply`, "refused");
  }
  if (["result", "refused"].includes(reply.type) && reply.id === consoleState.pending) {
    consoleState.pending = null;
    clearTimeout(pendingTimer);
    renderCommandButtons();
  }
}

// --- results --------------------------------------------------------------------------------

function yuan(fen) {
  // Integer fen to yuan text without floating point: 12345 → "123.45".
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

function definitionList(pairs) {
  const list = document.createElement("dl");
  for (const [term, value] of pairs) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = String(value);
    list.append(dt, dd);
  }
  return list;
}

function documentLink(documentId) {
  const link = document.createElement("a");
  if (!DOCUMENT_ID.test(documentId)) {
    link.textContent = "(bad document id)";
    return link;
  }
  link.href = `/api/v1/vtm/documents/${documentId}`;
  link.target = "_blank";
  link.dataset.testid = "document-link";
  const thumbnail = document.createElement("img");
  thumbnail.src = link.href;
  thumbnail.alt = documentId;
  link.append(thumbnail, `document ${documentId.slice(0, 8)}`);
  return link;
}

function showResult(reply) {
  const view = $("result-view");
  view.replaceChildren();
  const heading = document.createElement("div");
  heading.textContent = `${reply.id}: ${reply.status}${reply.error ? ` (${reply.error})` : ""}`;
  view.append(heading);
  const p = reply.payload || {};
  if (reply.status !== "done") return;
  if ("arrears_fen" in p) {
    view.append(definitionList([
      ["户号 / Account", p.account_no], ["户名 / Name", p.masked_name],
      ["欠费 / Arrears", yuan(p.arrears_fen)], ["余额 / Balance", yuan(p.balance_fen)],
      ["电价 / Tariff", p.tariff_name], ["账单 / Bills", p.bills],
    ]));
  } else if ("form" in p && p.document_id) {
    view.append(documentLink(p.document_id), definitionList([
      ...Object.entries(p.fields || {}),
      ["改动 / Changed", (p.changed || []).join(", ") || "-"],
      ["签名笔画 / Strokes", p.signature_strokes],
    ]));
  } else if (p.document_id) {
    view.append(documentLink(p.document_id), definitionList([
      ["证件 / Document", p.document], ["尺寸 / Size", `${p.width}x${p.height}`],
      ["字节 / Bytes", p.bytes], ["SHA-256", String(p.sha256).slice(0, 16)],
    ]));
  } else if ("lines" in p) {
    view.append(definitionList([["已打印 / Printed", `${p.kind}, ${p.lines} lines`]]));
  } else if (p.service) {
    view.append(definitionList([["转自助 / Handed back to", p.service]]));
  }
}

// --- page -----------------------------------------------------------------------------------

function logIn() {
  const id = $("teller-id").value.trim();
  if (!id) {
    notice("请输入柜员号 / Enter a teller id");
    return;
  }
  consoleState.teller_id = id;
  $("who").textContent = `${id} ${$("teller-name").value.trim()}`;
  $("login").hidden = true;
  $("desk").hidden = false;
  setState("idle");
}

function logOut() {
  hangUp("hangup");
  setState("logged_out");
  if (ws) ws.close();
  $("desk").hidden = true;
  $("login").hidden = false;
}

$("login-button").addEventListener("click", logIn);
$("ready-button").addEventListener("click", goReady);
$("logout-button").addEventListener("click", logOut);
$("hangup-button").addEventListener("click", () => hangUp("hangup"));
document.querySelectorAll("form[data-command]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sendCommand(form.dataset.command, payloadOf(form));
  });
});
$("raw-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("raw-json").value;
  let id = null;
  try {
    const body = JSON.parse(text);
    if (body && typeof body.id === "string") id = body.id;
  } catch (error) {
    id = null; // garbage goes out too: the terminal refuses it
  }
  sendText(text, id, `raw ${text.length} characters`);
});
setState("logged_out");
