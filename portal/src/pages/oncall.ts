import { ApiError, api } from '../api.js';
import { type Show, clearErrors, field, h, showErrors } from '../dom.js';
import { session } from '../session.js';
import { inZone } from '../time.js';

interface Person {
  name: string;
  phone: string;
  email: string;
}
interface ShiftView extends Person {
  from: string | null;
  to: string | null;
  override: string | null;
}
interface NowView {
  schedule: string;
  name: string;
  zone: string;
  primary: { now: ShiftView | null; next: ShiftView | null };
  secondary: { now: ShiftView | null; next: ShiftView | null };
  management: Person[];
}
interface OverrideView {
  id: string;
  layer: 'primary' | 'secondary';
  person: Person;
  from: string;
  to: string;
}

const LAYERS = [['primary', 'Primary'], ['secondary', 'Secondary']] as const;

function who(shift: ShiftView | null, zone: string, edge: 'to' | 'from'): (Node | string)[] {
  if (!shift) return ['Nobody'];
  const when = shift[edge];
  return [
    h('strong', {}, shift.name),
    h('br'),
    h('a', { href: `tel:${shift.phone}` }, shift.phone),
    h('br'),
    h('span', { class: 'hint' }, when ? `${edge === 'to' ? 'until' : 'from'} ${inZone(when, zone)}` : ''),
    shift.override ? h('span', { class: 'badge' }, 'override') : '',
  ];
}

/** Who is on call now and next, the management list, and (for managers) the overrides, added and removed here. */
export async function oncallPage(show: Show): Promise<void> {
  const manager = session.profile()?.role === 'manager';
  const { body: now } = await api<NowView>('GET', '/oncall/now');
  const reload = () => void oncallPage(show);
  const table = h(
    'table',
    { class: 'cards', id: 'oncall-now' },
    h('caption', {}, `${now.name} (times in ${now.zone})`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Layer'), h('th', { scope: 'col' }, 'On call now'), h('th', { scope: 'col' }, 'Next'))),
    h('tbody', {}, ...LAYERS.map(([layer, label]) =>
      h('tr', {}, h('th', { scope: 'row', 'data-label': 'Layer' }, label), h('td', { 'data-label': 'On call now' }, ...who(now[layer].now, now.zone, 'to')), h('td', { 'data-label': 'Next' }, ...who(now[layer].next, now.zone, 'from'))))),
  );
  const management = h('ul', { id: 'oncall-management' }, ...now.management.map((p) => h('li', {}, `${p.name} · `, h('a', { href: `tel:${p.phone}` }, p.phone))));
  if (!manager) {
    show('On call', table, h('h2', {}, 'Management (paged last)'), management);
    return;
  }

  const { body: schedule } = await api<{ overrides: OverrideView[] }>('GET', `/oncall/schedules/${now.schedule}`);
  const overrides = h('ul', { id: 'oncall-overrides' }, ...(schedule.overrides.length === 0 ? [h('li', {}, 'No overrides.')] : schedule.overrides.map((o) =>
    h('li', {}, `${o.person.name} covers the ${o.layer} layer from ${inZone(o.from, now.zone)} to ${inZone(o.to, now.zone)} `,
      h('button', { type: 'button', class: 'secondary', onclick: async () => { await api('DELETE', `/oncall/overrides/${o.id}`, { raw: true }); reload(); } }, `Remove ${o.person.name}'s override`)))));

  // One form is one override: however often it is sent, the same Idempotency-Key.
  const key = crypto.randomUUID();
  const layer = h('select', { name: 'layer' }, ...LAYERS.map(([value, label]) => h('option', { value }, label)));
  const name = h('input', { name: 'person.name', autocomplete: 'off', required: true });
  const phone = h('input', { name: 'person.phone', type: 'tel', placeholder: '+447700900123', required: true });
  const email = h('input', { name: 'person.email', type: 'email', required: true });
  const from = h('input', { name: 'from', type: 'datetime-local', required: true });
  const to = h('input', { name: 'to', type: 'datetime-local', required: true });
  const form = h('form', {
    id: 'override-form',
    novalidate: true,
    onsubmit: async (event: Event) => {
      event.preventDefault();
      clearErrors(form);
      try {
        await api('POST', '/oncall/overrides', {
          body: { schedule: now.schedule, layer: layer.value, person: { name: name.value, phone: phone.value, email: email.value }, from: from.value, to: to.value },
          headers: { 'idempotency-key': key },
        });
        reload();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        showErrors(form, error.problem);
      }
    },
  },
  field('Layer', layer),
  field('Name', name),
  field('Phone', phone, 'E.164, with the country code'),
  field('Email', email),
  field(`From (${now.zone} time)`, from),
  field(`To (${now.zone} time)`, to),
  h('p', { class: 'error', role: 'alert', 'data-error-for': 'form' }),
  h('button', { type: 'submit' }, 'Add override'));
  show('On call', table, h('h2', {}, 'Management (paged last)'), management, h('h2', {}, 'Overrides'), overrides, h('h2', {}, 'Someone covers a shift'), form);
}
