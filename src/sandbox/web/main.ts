import { md5 } from '../../client/md5.js';
import { byId, clear, h } from './dom.js';
import { showMethod, type MethodDescription, type Session } from './panel.js';
import { send } from './send.js';
import { remember, remembered } from './store.js';

/**
 * The API Developers Sandbox: log in with the API URL, user and password (hashed to MD5 here, in the
 * page), list the methods findResources describes, and try them.
 */
const ui = {
  login: byId<HTMLFormElement>('login'),
  url: byId<HTMLInputElement>('api-url'),
  user: byId<HTMLInputElement>('api-user'),
  password: byId<HTMLInputElement>('api-password'),
  rememberPassword: byId<HTMLInputElement>('remember-password'),
  status: byId('login-status'),
  filter: byId<HTMLInputElement>('filter'),
  list: byId('method-list'),
  panel: byId('method-panel'),
  result: byId('result-panel'),
};

let methods: MethodDescription[] = [];
let session: Session | null = null;
let rememberedMd5: string | null = null;

function setStatus(text: string, kind: 'ok' | 'error' | 'busy') {
  ui.status.textContent = text;
  ui.status.className = `status status-${kind}`;
}

function restore() {
  const saved = remembered();
  ui.url.value = saved.url ?? new URL('../api.php', location.href).href;
  ui.user.value = saved.user ?? '';
  rememberedMd5 = saved.passwordMd5;
  ui.rememberPassword.checked = rememberedMd5 !== null;
  if (rememberedMd5) ui.password.placeholder = '(remembered)';
}

/** findResources with the entered credentials: proves the login and gives the method list. */
async function connect(event: Event) {
  event.preventDefault();
  const typed = ui.password.value;
  const passwordMd5 = typed !== '' ? md5(typed) : rememberedMd5;
  if (!passwordMd5) return setStatus('Enter the password', 'error');
  const candidate: Session = { apiUrl: ui.url.value.trim(), credentials: { username: ui.user.value.trim(), passwordMd5 } };
  setStatus('Connecting…', 'busy');
  try {
    const exchange = await send({ ...candidate, style: 'clean', chain: 'api/resources', format: 'json', http: 'GET', params: {}, auth: 'params' }, null);
    const reply = JSON.parse(exchange.text);
    if (reply?.request?.code !== 200) return setStatus(`${exchange.status}: ${reply?.request?.message ?? 'refused'}`, 'error');
    methods = reply.response.resources as MethodDescription[];
  } catch (error) {
    return setStatus(`Cannot reach the API: ${(error as Error).message}`, 'error');
  }
  session = candidate;
  rememberedMd5 = ui.rememberPassword.checked ? passwordMd5 : null;
  remember(candidate.apiUrl, candidate.credentials.username, rememberedMd5);
  ui.password.value = '';
  ui.password.placeholder = rememberedMd5 ? '(remembered)' : '(connected)';
  setStatus(`Connected as ${candidate.credentials.username} · ${methods.length} methods`, 'ok');
  renderList();
  selectFromHash();
}

/** The methods grouped by resource, in findResources order, narrowed by the filter box. */
function renderList() {
  const needle = ui.filter.value.trim().toLowerCase();
  const groups = new Map<string, MethodDescription[]>();
  for (const method of methods) {
    const text = `${method.name} ${method.chain} ${method.description}`.toLowerCase();
    if (needle && !text.includes(needle)) continue;
    groups.set(method.resource, [...(groups.get(method.resource) ?? []), method]);
  }
  clear(ui.list);
  for (const [resource, members] of groups) {
    const items = members.map((m) =>
      h('li', {}, h('a', { href: `#${m.name}`, 'data-method': m.name, title: m.description }, h('span', { class: `verb verb-${m.method.toLowerCase()}` }, m.method), h('span', { class: 'name' }, m.name))),
    );
    ui.list.append(h('details', { class: 'group', open: true }, h('summary', {}, resource, h('span', { class: 'count' }, String(members.length))), h('ul', {}, items)));
  }
  markSelected();
}

function markSelected() {
  const current = decodeURIComponent(location.hash.slice(1));
  ui.list.querySelectorAll('a[data-method]').forEach((a) => a.classList.toggle('selected', a.getAttribute('data-method') === current));
}

function selectFromHash() {
  if (!session) return;
  const name = decodeURIComponent(location.hash.slice(1));
  const method = methods.find((m) => m.name === name);
  if (!method) return;
  showMethod(ui.panel, ui.result, method, session);
  markSelected();
}

restore();
ui.login.addEventListener('submit', (event) => void connect(event));
ui.rememberPassword.addEventListener('change', () => {
  // Unticking forgets a remembered hash at once, not only at the next connect.
  if (!ui.rememberPassword.checked) remember(ui.url.value.trim(), ui.user.value.trim(), null);
});
ui.filter.addEventListener('input', renderList);
window.addEventListener('hashchange', selectFromHash);
