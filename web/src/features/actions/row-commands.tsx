import { Button, Menu, MenuItem, MenuTrigger, Popover, Separator } from 'react-aria-components';
import type { Action, Timelog } from 'teampro/client';

export type RowCommand = 'edit' | 'child' | 'sibling' | 'duplicate' | 'up' | 'down' | 'indent' | 'outdent' | 'delete';

const COMMANDS: (RowCommand | '-')[] = ['edit', 'child', 'sibling', 'duplicate', '-', 'up', 'down', 'indent', 'outdent', '-', 'delete'];
const LABELS: Record<RowCommand, string> = {
  edit: 'Edit',
  child: 'Add sub-action',
  sibling: 'Add sibling below',
  duplicate: 'Duplicate',
  up: 'Move up',
  down: 'Move down',
  indent: 'Indent',
  outdent: 'Outdent',
  delete: 'Delete…',
};

interface Props {
  action: Action;
  /** Only the tab stop's buttons are in the tab order: the rest of the tree is reached by arrow keys. */
  inTabOrder: boolean;
  running: Timelog | undefined;
  startingTimer: boolean;
  onStartTimer: () => void;
  onStopTimer: (timelogId: number) => void;
  onCommand: (command: RowCommand) => void;
}

/** A row's last cell: its timer button and its menu of commands. */
export function RowCommands({ action, inTabOrder, running, startingTimer, onStartTimer, onStopTimer, onCommand }: Props) {
  const tabIndex = inTabOrder ? 0 : -1;
  return (
    <>
      {running ? (
        <button type="button" tabIndex={tabIndex} className="button button-small button-running" onClick={() => onStopTimer(running.timelog_id)} aria-label={`Stop timer on ${action.name}`}>
          Stop timer
        </button>
      ) : (
        <button type="button" tabIndex={tabIndex} className="button button-small" disabled={startingTimer} onClick={onStartTimer} aria-label={`Start timer on ${action.name}`}>
          Start timer
        </button>
      )}
      <MenuTrigger>
        <Button className="button button-small button-icon" aria-label={`More for ${action.name}`} excludeFromTabOrder={!inTabOrder}>
          ⋯
        </Button>
        <Popover className="popover" placement="bottom end">
          <Menu className="menu" aria-label={`Commands for ${action.name}`} onAction={(key) => onCommand(key as RowCommand)}>
            {COMMANDS.map((command, i) =>
              command === '-' ? (
                <Separator key={`separator-${i}`} className="menu-separator" />
              ) : (
                <MenuItem key={command} id={command} className={command === 'delete' ? 'menu-item menu-danger' : 'menu-item'}>
                  {LABELS[command]}
                </MenuItem>
              ),
            )}
          </Menu>
        </Popover>
      </MenuTrigger>
    </>
  );
}
