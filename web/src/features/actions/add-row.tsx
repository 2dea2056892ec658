import { ROW_HEIGHT } from './tree-row';

interface Props {
  index: number;
  start: number;
  depth: number;
  isSubAction: boolean;
  name: string;
  onName: (name: string) => void;
  onSave: () => void;
  onClose: () => void;
}

/** The inline row where a new action is named: Enter adds it (and the row stays for the next), Escape closes. */
export function AddRow({ index, start, depth, isSubAction, name, onName, onSave, onClose }: Props) {
  return (
    <div role="row" data-add-row aria-rowindex={index + 2} aria-level={depth} className="tree-row tree-add" style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}>
      <div role="gridcell" className="tree-name" style={{ paddingLeft: `${(depth - 1) * 1.25 + 1.75}rem` }}>
        <input
          aria-label={isSubAction ? 'Name of the new sub-action' : 'Name of the new milestone'}
          value={name}
          placeholder="Name, then Enter (Escape closes)"
          onChange={(e) => onName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.preventDefault(), onSave());
            if (e.key === 'Escape') (e.preventDefault(), onClose());
          }}
        />
      </div>
      <div role="gridcell" className="tree-add-buttons">
        <button type="button" className="button button-small button-primary" onClick={onSave}>
          Add
        </button>
        <button type="button" className="button button-small" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
