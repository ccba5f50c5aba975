"""A form the teller pushed: read it, correct the editable fields on the keypad, sign with a
finger, Submit. The customer's values are checked by the flow (kiosk/vtm/forms.py), which asks
again with the field in error.

Only a digit keypad is on screen, so digit fields (phone, account) can be re-typed; a text field
(a name) keeps the teller's value: the customer asks the teller to correct it, and the teller
pushes the form again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.flows.ports import Message
from kiosk.flows.teller_ports import FormFieldView, SignedForm, TellerForm
from kiosk.vtm.forms import FORMS
from screens.base import card, show_error, text_label
from screens.callback_phone import group_phone
from screens.identify import group_account_digits
from screens.messages import message_text
from screens.teller_base import TellerScreen
from screens.teller_texts import form_field_label, form_title
from screens.theme import px
from screens.widgets.big_button import BigButton
from screens.widgets.keypad import Keypad
from screens.widgets.signature import SignaturePad

DIGIT_KINDS = {"account": 10, "phone": 11}  # the keypad's kinds, and their lengths by default
KEYPAD_MAX = 20
SIGNATURE_HEIGHT = 340


def _digit_format(kind: str) -> Callable[[str], str]:
    return group_phone if kind == "phone" else group_account_digits


class _FieldRow:
    """One field: caption, value (a button to edit it, or text), its error line."""

    def __init__(self, view: FormFieldView, on_edit: Callable[[str], None]) -> None:
        self.view = view
        self.value = view.value
        self.caption = text_label("label", f"form_label_{view.name}", wrap=False)
        self.keyed = view.editable and view.kind in DIGIT_KINDS
        self.shown: QLabel | BigButton
        if self.keyed:
            self.shown = BigButton(f"form_field_{view.name}", "key_action")
            self.shown.clicked.connect(lambda: on_edit(view.name))
        else:
            self.shown = text_label("value", f"form_value_{view.name}")
        self.note = text_label("muted", f"form_note_{view.name}")
        self.error = text_label("error", f"form_error_{view.name}")
        self.error.hide()

    def refresh(self) -> None:
        digits = self.view.kind in DIGIT_KINDS and self.value.isdigit()
        shown = _digit_format(self.view.kind)(self.value) if digits else self.value
        self.shown.setText(shown or "—")


class TellerFormScreen(TellerScreen):
    """objectNames: form_title, form_error (a failure not tied to a field), per field
    form_label_<name>, form_field_<name> (an editable digit field: opens the keypad) or
    form_value_<name> (text), form_note_<name>, form_error_<name>; the keypad (keypad_*,
    keypad_ok = Done) while a field is edited, else signature_pad (signature_canvas,
    signature_clear) and form_sign_error; btn_form_submit (enabled once signed, not while a
    field is being edited), btn_form_decline. `answered(object)`: a SignedForm or None."""

    name = "teller_form"
    answered = Signal(object)

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, parent: QWidget | None = None
    ) -> None:
        super().__init__(monotonic, parent)
        self._form: TellerForm | None = None
        self._rows: dict[str, _FieldRow] = {}
        self._editing: str | None = None
        self.title = text_label("title", "form_title")
        self.error = text_label("error", "form_error")
        self.error.hide()
        self.fields_card, fields_box = card(px(12))
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(px(24))
        self.grid.setVerticalSpacing(px(8))
        self.grid.setColumnStretch(1, 1)
        fields_box.addLayout(self.grid)
        self.keypad = Keypad(
            KEYPAD_MAX, ok_when=lambda _text: True, ok_text=lambda: self.tr("Done")
        )
        self.keypad.changed.connect(self._typed)
        self.keypad.submitted.connect(lambda _text: self._edit(None))
        self.pad = SignaturePad()
        self.pad.setMinimumHeight(px(SIGNATURE_HEIGHT))
        self.pad.changed.connect(self._signed)
        self.sign_caption = text_label("subtitle", "form_sign_caption")
        self.sign_error = text_label("error", "form_sign_error")
        self.sign_error.hide()
        self.signing = QWidget()
        signing_box = QVBoxLayout(self.signing)
        signing_box.setContentsMargins(0, 0, 0, 0)
        signing_box.addWidget(self.sign_caption)
        signing_box.addWidget(self.sign_error)
        signing_box.addWidget(self.pad, 1)
        # One of the two at a time; a hidden one takes no room (a stacked layout would reserve
        # the keypad's height under the signature pad too, and push Submit off the screen).
        self.keypad.hide()
        self.submit = BigButton("btn_form_submit", "primary")
        self.submit.clicked.connect(self._submit)
        self.decline = BigButton("btn_form_decline")
        self.decline.clicked.connect(lambda: self.answered.emit(None))
        self.body.addWidget(self.title)
        self.body.addWidget(self.error)
        self.body.addWidget(self.fields_card)
        self.body.addWidget(self.signing, 1)
        self.body.addWidget(self.keypad, 1)
        self.body.addWidget(self.submit)
        self.body.addWidget(self.decline)
        self.retranslate()

    # -- state --------------------------------------------------------------------------------

    def set_form(self, form: TellerForm) -> None:
        """Show `form`. A new form starts clean; asked again with `error`, the signature stays
        (any change of a value wipes it: a signature covers the values it was given under)."""
        again = form.error is not None and self._form is not None
        again = again and self._form is not None and self._form.form_id == form.form_id
        self._form = form
        self._build_rows(form)
        self._edit(None)
        if not again:
            self.pad.clear()
        if form.error_field in self._rows and self._rows[form.error_field].keyed:
            self._edit(form.error_field)
        self.set_call(form.call)
        self.retranslate()

    def form(self) -> TellerForm | None:
        """The form shown."""
        return self._form

    def values(self) -> dict[str, str]:
        """Every field's value as the screen holds it."""
        return {name: row.value for name, row in self._rows.items()}

    def editing(self) -> str | None:
        """The field on the keypad, if any."""
        return self._editing

    def _build_rows(self, form: TellerForm) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # Off the screen now: deleteLater waits for the event loop, and the old rows
                # must not show through the new ones meanwhile.
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self._rows = {}
        for index, view in enumerate(form.fields):
            row = _FieldRow(view, self._edit)
            self._rows[view.name] = row
            top = index * 3
            self.grid.addWidget(row.caption, top, 0, Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(row.shown, top, 1)
            self.grid.addWidget(row.note, top + 1, 1)
            self.grid.addWidget(row.error, top + 2, 1)
            row.refresh()

    def _max_length(self, name: str) -> int:
        spec = FORMS.get(self._form.form_id) if self._form is not None else None
        for field in spec.fields if spec is not None else ():
            if field.name == name:
                return field.max_length
        return DIGIT_KINDS.get(self._rows[name].view.kind, KEYPAD_MAX)

    def _edit(self, name: str | None) -> None:
        self._editing = name
        # While a field is on the keypad, Done is the way on: Submit and Decline make room for it.
        self.submit.setVisible(name is None)
        self.decline.setVisible(name is None)
        if name is None:
            self.keypad.hide()
            self.signing.show()
        else:
            row = self._rows[name]
            # One keypad serves every digit field (a second one would duplicate the keypad_*
            # names the tour and tests press); only its display grouping differs per field.
            self.keypad._display_format = _digit_format(row.view.kind)
            self.keypad.set_text(row.value)
            self.signing.hide()
            self.keypad.show()
        self._enable_submit()

    def _typed(self, text: str) -> None:
        if self._editing is None:
            return
        row = self._rows[self._editing]
        limit = self._max_length(self._editing)
        if len(text) > limit:
            self.keypad.set_text(text[:limit])  # emits changed again with the kept digits
            return
        if text != row.value:
            row.value = text
            row.refresh()
            if not self.pad.is_empty():
                self.pad.clear()

    def _signed(self) -> None:
        if not self.pad.is_empty():
            show_error(self.sign_error, None)
        self._enable_submit()

    def _enable_submit(self) -> None:
        self.submit.setEnabled(self._editing is None and not self.pad.is_empty())

    def _submit(self) -> None:
        if self._editing is not None or self.pad.is_empty():
            return
        self.answered.emit(
            SignedForm(
                values=self.values(), signature_png=self.pad.to_png(), strokes=self.pad.strokes
            )
        )

    # -- texts --------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Set every text in the current language."""
        form = self._form
        self.title.setText(form_title(form.form_id) if form is not None else "")
        for name, row in self._rows.items():
            row.caption.setText(form_field_label(name))
            row.refresh()
            if row.keyed:
                row.shown.setAccessibleName(
                    self.tr("Change {field}").format(field=form_field_label(name))
                )
                note = self.tr("Tap to correct it")
            elif row.view.editable:
                note = self.tr("To change it, tell the teller")
            else:
                note = ""
            show_error(row.note, note)
            field_error = form is not None and form.error_field == name and form.error is not None
            show_error(row.error, self._error_text(form) if field_error else None)
        general = form is not None and form.error is not None and form.error_field not in self._rows
        general = general and form is not None and form.error is not Message.TELLER_FORM_SIGN
        show_error(self.error, self._error_text(form) if general else None)
        sign = form is not None and form.error is Message.TELLER_FORM_SIGN and self.pad.is_empty()
        show_error(self.sign_error, self._error_text(form) if sign else None)
        self.sign_caption.setText(self.tr("Sign below with your finger"))
        # The pad labels itself once, when built; a language switch reaches it through here.
        self.pad.clear_button.setText(QCoreApplication.translate("Signature", "Clear"))
        self.pad.clear_button.setAccessibleName(
            QCoreApplication.translate("Signature", "Clear the signature")
        )
        self.pad.setAccessibleName(QCoreApplication.translate("Signature", "Signature pad"))
        self.keypad.retranslate()
        self.keypad.set_placeholder(self.tr("Type the new value"))
        self.submit.setText(self.tr("Submit"))
        self.submit.setAccessibleName(self.tr("Submit the signed form to the teller"))
        self.decline.setText(self.tr("Decline"))

    def _error_text(self, form: TellerForm | None) -> str | None:
        if form is None or form.error is None:
            return None
        params = {"field": form_field_label(form.error_field)} if form.error_field else {}
        return message_text(form.error, params).joined()
