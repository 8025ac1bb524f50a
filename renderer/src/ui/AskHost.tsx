import { useState, type FormEvent } from 'react';
import { useStore } from '../lib/store';
import { answer, questions, type ChoiceQuestion, type Question, type TextQuestion } from './ask';
import { Modal } from './Modal';

/** Renders the question on top of the queue (askText / askChoice). */
export function AskHost() {
  const q = useStore(questions, (list) => list[0]);
  if (!q) return null;
  return q.kind === 'text' ? <TextDialog key={keyOf(q)} q={q} /> : <ChoiceDialog key={keyOf(q)} q={q} />;
}

const keys = new WeakMap<Question, number>();
let next = 0;
function keyOf(q: Question): number {
  let k = keys.get(q);
  if (k === undefined) keys.set(q, (k = next++));
  return k;
}

function TextDialog({ q }: { q: TextQuestion & Question }) {
  const [value, setValue] = useState(q.initial ?? '');
  const [touched, setTouched] = useState(false);
  const problem = q.validate?.(value);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setTouched(true);
    if (!problem) answer(q, value);
  };
  // The reason shows as soon as the user has typed, or tried to confirm; not over an empty field
  // the dialog just opened with.
  const shown = problem && (touched || value !== (q.initial ?? ''));
  return (
    <Modal title={q.title} description={q.description} onCancel={() => answer(q, undefined)}>
      <form onSubmit={submit} className="ask-form">
        <label>{q.label}
          <input autoFocus value={value} aria-invalid={shown ? true : undefined} aria-describedby={shown ? 'ask-problem' : undefined}
            onChange={(e) => { setValue(e.target.value); setTouched(true); }} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <p id="ask-problem" className="problem" role={shown ? 'alert' : undefined}>{shown ? problem : ''}</p>
        <div className="row end">
          <button type="button" onClick={() => answer(q, undefined)}>Cancel</button>
          <button type="submit" className="primary" aria-disabled={problem ? true : undefined}>{q.confirm}</button>
        </div>
      </form>
    </Modal>
  );
}

function ChoiceDialog({ q }: { q: ChoiceQuestion & Question }) {
  return (
    <Modal title={q.title} onCancel={() => answer(q, q.cancel)} role="alertdialog" hideClose description={q.message}>
      <form className="row end" onSubmit={(e) => { e.preventDefault(); answer(q, q.primary ?? q.choices[0]?.id); }}>
        {q.choices.map((c) => (
          <button key={c.id} type="button" autoFocus={c.id === (q.primary ?? q.choices[0]?.id)} className={c.tone ?? undefined}
            onClick={() => answer(q, c.id)}>{c.label}</button>
        ))}
      </form>
    </Modal>
  );
}
