// The council web page: plain JavaScript, no build step, no third-party code.
// It talks to the same HTTP API as any other client (docs/server.md) and follows a run's
// Server-Sent Events through fetch, so the bearer token and Last-Event-ID can be sent.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { token: sessionStorage.getItem('council.token') || '', councils: [], stream: null,
  runId: null, offset: 0 };

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function headers(extra) {
  const h = Object.assign({}, extra || {});
  if (state.token) h['Authorization'] = 'Bearer ' + state.token;
  return h;
}

function notice(text) {
  const n = $('notice');
  n.textContent = text || '';
  n.hidden = !text;
}

async function api(path, options) {
  const opts = Object.assign({}, options || {});
  opts.headers = headers(opts.headers);
  const res = await fetch(path, opts);
  if (res.status === 401) {
    $('token-form').hidden = false;
    throw new Error('This server needs its token: enter it above.');
  }
  const type = res.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await res.json() : null;
  if (!res.ok) {
    let msg = (body && (body.detail || body.title)) || ('HTTP ' + res.status);
    if (body && body.errors) msg += ' — ' + body.errors.map((e) => e.path + ': ' + e.message).join('; ');
    throw new Error(msg);
  }
  return body;
}

// ---- councils and the form

async function loadCouncils() {
  const data = await api('/v1/councils');
  state.councils = data.councils;
  const list = $('councils');
  const select = $('council-select');
  list.replaceChildren();
  select.replaceChildren();
  for (const c of data.councils) {
    const runnable = c.valid && c.ready !== false;
    const why = !c.valid ? 'invalid' : (c.ready === false ? 'providers not configured' : null);
    const offline = c.offline ? ' · offline (simulated)' : '';
    list.append(el('li', {}, el('a', { href: '#/council/' + encodeURIComponent(c.name) },
      c.name, el('small', { class: c.offline ? 'offline' : '' },
        why || (c.members.length + ' members · ' + c.rounds.join(' → ') + offline)))));
    select.append(el('option', { value: c.name, disabled: !runnable },
      c.name + (why ? ' (' + why + ')' : (c.offline ? ' (offline, simulated)' : ''))));
  }
  const firstValid = data.councils.find((c) => c.valid && c.ready !== false);
  if (firstValid && !select.value) select.value = firstValid.name;
  if (select.value) showCouncil(select.value, false);
}

async function showCouncil(name, open) {
  $('council-select').value = name;
  try {
    const c = await api('/v1/councils/' + encodeURIComponent(name));
    const notes = [];
    if (c.offline) notes.push('Offline: no provider of this council has its API key here, so its members run on the simulated provider (answers are simulated).');
    for (const p of (c.providers || [])) if (!p.usable && !c.offline) notes.push('Provider ' + p.id + ' cannot be used: ' + p.problem);
    $('council-description').textContent = [c.description || ''].concat(notes).filter((x) => x).join(' ');
    $('diagram').textContent = c.ascii || c.problems.map((p) => p.path + ': ' + p.message).join('\n');
    $('mermaid').textContent = c.mermaid || '';
    if (open) $('diagram-box').open = true;
  } catch (e) {
    notice(e.message);
  }
}

async function startRun(ev) {
  ev.preventDefault();
  notice('');
  const council = $('council-select').value;
  const question = $('question').value.trim();
  if (!question) { notice('Type a question first.'); $('question').focus(); return; }
  $('start').disabled = true;
  try {
    const started = await api('/v1/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ council, input: { question } }) });
    location.hash = '#/run/' + encodeURIComponent(started.runId);
    loadRuns();
  } catch (e) {
    notice(e.message);
  } finally {
    $('start').disabled = false;
  }
}

// ---- runs list

async function loadRuns(more) {
  try {
    if (!more) state.offset = 0;
    const data = await api('/v1/runs?limit=20&offset=' + state.offset);
    const active = $('active-runs');
    active.replaceChildren(...data.active.map(runItem));
    if (!data.active.length) active.append(el('li', {}, el('small', {}, 'none')));
    const past = $('past-runs');
    if (!more) past.replaceChildren();
    past.append(...data.recent.map(runItem));
    if (!past.children.length) past.append(el('li', {}, el('small', {}, 'none recorded')));
    $('more-runs').hidden = !data.next;
    state.offset += data.recent.length;
  } catch (e) {
    notice(e.message);
  }
}

function runItem(r) {
  return el('li', {}, el('a', { href: '#/run/' + encodeURIComponent(r.runId), 'data-run': r.runId },
    r.councilId + ' · ' + r.status, el('small', {}, new Date(r.startedAt).toLocaleString() + ' · ' + r.runId.slice(0, 8))));
}

// ---- the run view

function stopStream() {
  if (state.stream) state.stream.abort();
  state.stream = null;
}

function openRun(runId) {
  stopStream();
  state.runId = runId;
  const view = new RunView(runId);
  $('run').hidden = false;
  const ctrl = new AbortController();
  state.stream = ctrl;
  follow(runId, ctrl.signal, (event) => view.event(event), (end) => view.end(end), (err) => view.error(err));
  $('run-title').focus && $('run').scrollIntoView({ block: 'start' });
}

// Follows /v1/runs/{id}/events, resuming with Last-Event-ID after a dropped connection.
async function follow(runId, signal, onEvent, onEnd, onError) {
  let last = null;
  let failures = 0;
  while (!signal.aborted) {
    try {
      const h = headers({ Accept: 'text/event-stream' });
      if (last !== null) h['Last-Event-ID'] = String(last);
      const res = await fetch('/v1/runs/' + encodeURIComponent(runId) + '/events', { headers: h, signal });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        onError((body && body.detail) || ('HTTP ' + res.status));
        return;
      }
      failures = 0;
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          let id = null; let name = 'message'; const data = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const i = line.indexOf(':');
            const f = i < 0 ? line : line.slice(0, i);
            const v = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            if (f === 'id') id = v; else if (f === 'event') name = v; else if (f === 'data') data.push(v);
          }
          if (!data.length) continue;
          const payload = JSON.parse(data.join('\n'));
          if (name === 'end' && payload.reason === 'slow_client') {
            // this page read too slowly for the server's buffer: resume after the last event received
            if (typeof payload.lastEventId === 'number' && payload.lastEventId >= 0) last = payload.lastEventId;
            break;
          }
          if (name === 'end') { onEnd(payload); return; }
          if (id !== null) last = Number(id);
          try {
            onEvent(payload);
          } catch (err) {
            console.error('cannot show event', payload, err);
            notice('cannot show event ' + payload.seq + ' (' + payload.type + '): ' + err.message);
          }
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      if (++failures > 10) { onError('lost the event stream: ' + e.message); return; }
    }
    await new Promise((r) => setTimeout(r, Math.min(500 * failures, 3000)));
  }
}

class RunView {
  constructor(runId) {
    this.runId = runId;
    this.rounds = new Map();
    this.cards = new Map();
    this.latest = new Map();
    this.ended = false;
    $('rounds').replaceChildren();
    $('final').hidden = true;
    $('answer').textContent = '';
    $('totals').replaceChildren();
    $('run-errors').replaceChildren();
    $('run-meta').replaceChildren(meta('Run', runId));
    $('run-title').textContent = 'Run';
    this.status('RUNNING', 'connecting…');
    const cancel = $('cancel');
    cancel.hidden = false;
    cancel.disabled = false;
    cancel.onclick = () => this.cancel();
    this.loadState();
  }

  async loadState() {
    try {
      const doc = await api('/v1/runs/' + encodeURIComponent(this.runId));
      if (doc.run.status !== 'RUNNING') $('cancel').hidden = true;
      if (doc.result && !this.ended) this.finish(doc.result);
    } catch (e) {
      this.error(e.message);
    }
  }

  async cancel() {
    $('cancel').disabled = true;
    try {
      const r = await api('/v1/runs/' + encodeURIComponent(this.runId) + '/cancel', { method: 'POST' });
      if (!this.ended) this.status('RUNNING', r.cancelled ? 'cancelling…' : 'had already ended');
    } catch (e) {
      notice(e.message);
      $('cancel').disabled = false;
    }
  }

  status(status, detail) {
    const s = $('run-status');
    s.className = 'status ' + status;
    s.textContent = status + (detail ? ' — ' + detail : '');
  }

  round(index, iteration, name, type) {
    const key = index + '/' + iteration;
    let r = this.rounds.get(key);
    if (!r) {
      const title = el('h3', {}, 'Round ' + (index + 1) + ': ' + (name || type || '') + (iteration > 0 ? ' (iteration ' + (iteration + 1) + ')' : ''));
      const cards = el('div', { class: 'cards' });
      const agg = el('div', { class: 'aggregate' });
      const section = el('section', { class: 'round', 'data-round': key, 'aria-label': title.textContent }, title, cards, agg);
      $('rounds').append(section);
      r = { section, cards, agg, type };
      this.rounds.set(key, r);
    }
    if (type && !r.type) r.type = type;
    return r;
  }

  card(index, iteration, round, memberId) {
    const key = index + '/' + iteration + '/' + memberId;
    let c = this.cards.get(key);
    if (!c) {
      const r = this.round(index, iteration, round);
      const badge = el('span', { class: 'badge running' }, 'waiting');
      const text = el('div', { class: 'text', 'aria-live': 'off' });
      const facts = el('p', { class: 'facts' });
      const node = el('article', { class: 'card', 'data-member': memberId }, el('header', {}, el('h4', {}, memberId), badge), text, facts);
      r.cards.append(node);
      c = { node, badge, text, facts, attempts: 0 };
      this.cards.set(key, c);
    }
    this.latest.set(index + '/' + memberId, c);
    return c;
  }

  event(e) {
    switch (e.type) {
      case 'run_started':
        $('run-title').textContent = 'Run of ' + e.councilId;
        $('run-meta').replaceChildren(meta('Run', e.runId), meta('Council', e.councilId),
          meta('Question', (e.input && e.input.question) || JSON.stringify(e.input)), meta('Started', new Date(e.timestamp).toLocaleString()));
        this.status('RUNNING', 'started');
        break;
      case 'round_started': {
        this.round(e.roundIndex, e.iteration, e.round, e.roundType);
        for (const m of e.participants) this.card(e.roundIndex, e.iteration, e.round, m);
        this.status('RUNNING', 'round ' + (e.roundIndex + 1) + ': ' + e.round);
        break;
      }
      case 'member_started': {
        const c = this.card(e.roundIndex, e.iteration, e.round, e.memberId);
        c.attempts = e.attempt;
        c.text.textContent = '';
        c.badge.className = 'badge running';
        c.badge.textContent = e.attempt > 1 ? 'retry ' + (e.attempt - 1) : 'answering';
        break;
      }
      case 'member_token': {
        this.cardFor(e).text.append(e.chunk.content);
        break;
      }
      case 'tool_call_requested': {
        this.cardFor(e).facts.append(el('span', {}, ' tool ' + e.call.name + '…'));
        break;
      }
      case 'member_completed': {
        const c = this.card(e.roundIndex, e.iteration, e.round, e.result.memberId);
        const r = e.result;
        c.badge.className = 'badge ' + r.status;
        c.badge.textContent = r.status;
        if (r.content !== null && r.content !== undefined) c.text.textContent = r.content;
        if (r.parsed && r.parsed.ordering) c.text.textContent = 'Ranking: ' + r.parsed.ordering.join(' > ') + (r.parsed.rationale ? '\n' + r.parsed.rationale : '');
        const facts = ['attempts ' + r.attempts, (r.attempts > 1 ? (r.attempts === 2 ? '1 retry' : (r.attempts - 1) + ' retries') : null), 'latency ' + r.latencyMs + ' ms',
          'tokens ' + r.usage.inputTokens + ' in / ' + r.usage.outputTokens + ' out', cost(r.usage.cost), r.model ? 'model ' + r.model : null];
        c.facts.textContent = facts.filter(Boolean).join(' · ');
        if (r.error) c.facts.append(el('span', { class: 'errors' }, ' — ' + r.error.kind + ': ' + r.error.message));
        break;
      }
      case 'round_completed':
        this.roundDone(e.result);
        break;
      case 'run_completed':
      case 'run_failed':
        this.finish(e.result, e.errors);
        break;
      default:
        break;
    }
  }

  // The card a token or tool call belongs to. A page that joined mid-run (a run another node started) did
  // not see the member start: its card opens now, in the round's latest iteration seen, with the text from here on.
  cardFor(e) {
    const known = this.latest.get(e.roundIndex + '/' + e.memberId);
    if (known) return known;
    let iteration = 0;
    for (const key of this.rounds.keys()) {
      const [index, it] = key.split('/').map(Number);
      if (index === e.roundIndex && it > iteration) iteration = it;
    }
    const c = this.card(e.roundIndex, iteration, e.round, e.memberId);
    c.badge.textContent = 'answering';
    return c;
  }

  roundDone(result) {
    const r = this.round(result.index, result.iteration, result.name, result.type);
    r.agg.replaceChildren();
    const labels = result.metadata && result.metadata.labelToMember;
    if (labels) {
      r.agg.append(el('h4', {}, 'Anonymized labels'), table(['Label', 'Member'], Object.entries(labels)));
      const rows = result.members.filter((m) => m.parsed && m.parsed.ordering)
        .map((m) => [m.memberId, m.parsed.ordering.map((l) => l + (labels[l] ? ' (' + labels[l] + ')' : '')).join(' > ')]);
      if (rows.length) r.agg.append(el('h4', {}, 'Peer rankings'), table(['Reviewer', 'Ranking, best first'], rows));
    }
    const a = result.aggregate;
    if (a) {
      const who = (k) => (labels && labels[k] ? k + ' (' + labels[k] + ')' : k);
      r.agg.append(el('h4', {}, 'Aggregate (' + a.aggregator + ')'),
        el('p', {}, a.winner ? 'Winner: ' + who(a.winner) : 'No winner' + (a.noWinnerReason ? ': ' + a.noWinnerReason : ''),
          a.tied && a.tied.length ? ' · tied: ' + a.tied.map(who).join(', ') : ''));
      const scores = Object.entries(a.scores || {}).sort((x, y) => y[1] - x[1]).map(([k, v]) => [who(k), Number(v).toFixed(3)]);
      if (scores.length) r.agg.append(table(['Member', 'Score'], scores));
    }
  }

  finish(result, errors) {
    if (this.ended) return;
    this.ended = true;
    for (const round of result.rounds || []) this.roundDone(round);
    this.status(result.status, result.status === 'COMPLETED' ? 'finished' : 'ended');
    $('cancel').hidden = true;
    $('final').hidden = false;
    $('answer').textContent = result.answer || '(no answer)';
    const u = result.usage || {};
    const ms = new Date(result.finishedAt) - new Date(result.startedAt);
    $('totals').replaceChildren(meta('Status', result.status), meta('Duration', ms + ' ms'),
      meta('Tokens', (u.inputTokens || 0) + ' in / ' + (u.outputTokens || 0) + ' out'), meta('Cost', cost(u.cost) || 'unknown'));
    $('run-errors').replaceChildren(...(errors || result.errors || []).map((x) => el('li', {}, x.kind + ': ' + x.message)));
    loadRuns();
  }

  end(end) {
    if (end.reason === 'terminated') { this.status('TERMINATED', 'the run was terminated'); $('cancel').hidden = true; }
    else if (!this.ended) this.loadState();
  }

  error(message) {
    notice(message);
  }
}

function meta(k, v) {
  const f = document.createDocumentFragment();
  f.append(el('dt', {}, k), el('dd', {}, v));
  return f;
}

function table(head, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c))))));
}

function cost(c) {
  return c === null || c === undefined ? null : '$' + Number(c).toFixed(4);
}

// ---- routing

function route() {
  notice('');
  const h = decodeURIComponent(location.hash || '');
  if (h.startsWith('#/run/')) {
    openRun(h.slice(6));
  } else if (h.startsWith('#/council/')) {
    stopStream();
    showCouncil(h.slice(10), true);
    $('question').focus();
  }
}

function init() {
  $('ask-form').addEventListener('submit', startRun);
  $('council-select').addEventListener('change', (e) => showCouncil(e.target.value, false));
  $('refresh-runs').addEventListener('click', () => loadRuns());
  $('more-runs').addEventListener('click', () => loadRuns(true));
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.token = $('token').value.trim();
    sessionStorage.setItem('council.token', state.token);
    $('token-form').hidden = true;
    start();
  });
  window.addEventListener('hashchange', route);
  start();
}

async function start() {
  try {
    await loadCouncils();
    await loadRuns();
    route();
  } catch (e) {
    notice(e.message);
  }
}

document.addEventListener('DOMContentLoaded', init);
