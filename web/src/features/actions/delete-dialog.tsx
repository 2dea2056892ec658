import { FormDialog } from '../../components/dialog';

/** Asks before a delete: the title names what goes, the text what goes with it and what stays. */
export function DeleteDialog({ title, text, onCancel, onConfirm }: { title: string; text: string; onCancel: () => void; onConfirm: () => void }) {
  return (
    <FormDialog title={title} role="alertdialog" onClose={onCancel}>
      <p>{text}</p>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={onConfirm}>
          Delete
        </button>
      </div>
    </FormDialog>
  );
}
