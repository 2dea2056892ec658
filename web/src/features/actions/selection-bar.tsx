import { useEffect, type KeyboardEvent } from 'react';
import { Button, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import type { Admin } from 'teampro/client';
import { DeleteDialog } from './delete-dialog';
import { preloadable } from '../../lib/preloadable';
import type { MoveTarget } from '../../lib/tree';

/** The bulk commands the bar offers (useBulkCommands). */
export interface BulkCommands {
  setStatus: (status: string) => void;
  assign: (adminId: number) => void;
  complete: () => void;
  moveAsked: boolean;
  askMove: () => void;
  cancelMove: () => void;
  moveUnder: (parentId: number) => Promise<void>;
  targets: () => MoveTarget[];
  askDelete: () => void;
  deleteAsked: boolean;
  cancelDelete: () => void;
  confirmDelete: () => Promise<void>;
  alsoDeleted: number;
}

interface Props {
  count: number;
  /** Said politely after each change of the selection ("3 actions selected"). */
  announcement: string;
  statuses: readonly string[];
  admins: readonly Admin[] | undefined;
  /** A write is under way: the commands wait for it, staying focusable (pending, not disabled) so that focus is not lost. */
  busy: boolean;
  commands: BulkCommands;
  onClear: () => void;
}

const NOBODY = 0;
// Its search list is the only part of React Aria's collections the tree does not otherwise need: a
// chunk of its own, fetched once something is selected, so the tree opens without it.
const MoveDialog = preloadable(() => import('./move-dialog'), null);

/** The live region that says the count, and while actions are selected the bar of what to do with them. */
export function SelectionBar({ count, announcement, statuses, admins, busy, commands, onClear }: Props) {
  // Escape in the bar (not in one of its menus, which close themselves) clears, as it does in the tree.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && event.currentTarget.contains(event.target as Node)) (event.preventDefault(), onClear());
  };
  const selecting = count > 0;
  useEffect(() => void (selecting && MoveDialog.preload()), [selecting]);
  return (
    <>
      <div className="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      {count > 0 && (
        <div className="selection-bar" role="group" aria-label="Selected actions" onKeyDown={onKeyDown}>
          <span className="selection-count">{count} selected</span>
          <PickMenu label="Set status" items={statuses.map((s) => ({ id: s, name: s }))} pending={busy} onPick={commands.setStatus} />
          <PickMenu
            label="Assign"
            items={[{ id: String(NOBODY), name: 'Nobody' }, ...(admins ?? []).map((a) => ({ id: String(a.admin_id), name: a.name || a.username }))]}
            pending={busy}
            onPick={(id) => commands.assign(Number(id))}
          />
          <Button className="button button-small" isPending={busy} onPress={commands.complete}>
            Mark complete
          </Button>
          <Button className="button button-small" isPending={busy} onPress={commands.askMove}>
            Move to…
          </Button>
          <Button className="button button-small button-danger-quiet" isPending={busy} onPress={commands.askDelete}>
            Delete…
          </Button>
          <Button className="button button-small button-quiet" onPress={onClear}>
            Clear selection
          </Button>
        </div>
      )}
      {commands.moveAsked && count > 0 && <MoveDialog count={count} targets={commands.targets()} onCancel={commands.cancelMove} onMove={(id) => void commands.moveUnder(id)} />}
      {commands.deleteAsked && count > 0 && (
        <DeleteDialog
          title={`Delete ${count === 1 ? 'the selected action' : `${count} selected actions`}?`}
          text={`${commands.alsoDeleted > 0 ? `${commands.alsoDeleted} more ${commands.alsoDeleted === 1 ? 'sub-action' : 'sub-actions'} under them ${commands.alsoDeleted === 1 ? 'goes' : 'go'} with them. ` : ''}Time logs, topics and files on them stay on the project.`}
          onCancel={commands.cancelDelete}
          onConfirm={() => void commands.confirmDelete()}
        />
      )}
    </>
  );
}

/** A button that opens a menu of choices (statuses, admins). */
function PickMenu({ label, items, pending, onPick }: { label: string; items: { id: string; name: string }[]; pending: boolean; onPick: (id: string) => void }) {
  return (
    <MenuTrigger>
      <Button className="button button-small" isPending={pending}>
        {label} <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover" placement="bottom start">
        <Menu className="menu" aria-label={label} items={items} onAction={(key) => onPick(String(key))}>
          {(item) => <MenuItem className="menu-item">{item.name}</MenuItem>}
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
