from odoo import Command, api, models
from odoo.exceptions import ValidationError

# A name, number or code longer than this is a mistake or an attack; it would
# also break an index (PostgreSQL refuses index rows of more than a few kB).
DEFAULT_MAX_LENGTH = 256
# Well above any quantity, weight or amount of the archive, well inside the
# precision of a double.
MAX_ABS_FLOAT = 1e12
# PostgreSQL int4, the column type of Integer fields.
MAX_INT4 = 2**31 - 1


def _command_values(commands):
    """The values of the create and update commands of an x2many value."""
    if not isinstance(commands, (list, tuple)):
        return
    for command in commands:
        if (
            isinstance(command, (list, tuple))
            and len(command) == 3
            and command[0] in (Command.CREATE, Command.UPDATE)
            and isinstance(command[2], dict)
        ):
            yield command[2]


class CustomerArchiveInputMixin(models.AbstractModel):
    """Refuses, before anything reaches the database, text that is too long
    or contains a NUL character and numbers that are not finite, too large
    or outside PostgreSQL's integer range, with a translated message naming
    the field and the limit."""

    _name = "customer.archive.input.mixin"
    _description = "Customer Archive Input Checks"

    # Maximum length per Char field, instead of the field's size or DEFAULT_MAX_LENGTH.
    _input_max_lengths = {}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_input(vals)
        return super().write(vals)

    @api.model
    def _check_input(self, vals):
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None:
                continue
            if field.type in ("one2many", "many2many"):
                # Lines are checked with their parent: it computes its totals
                # from them before their own create() runs.
                lines = self.env[field.comodel_name]
                if isinstance(lines, CustomerArchiveInputMixin):
                    for line_vals in _command_values(value):
                        lines._check_input(line_vals)
            elif problem := self._input_problem(field, value):
                raise ValidationError(problem)

    @api.model
    def _input_problem(self, field, value):
        """The message for what is wrong with ``value`` for ``field``, or None."""
        if field.type in ("char", "text", "html") and isinstance(value, str):
            if "\x00" in value:
                return self.env._(
                    "“%(field)s” contains a NUL character, which cannot be stored.",
                    field=field._description_string(self.env),
                )
            limit = self._input_max_lengths.get(field.name) or field.size or DEFAULT_MAX_LENGTH
            if field.type == "char" and len(value) > limit:  # Text and Html are not bounded
                return self.env._(
                    "“%(field)s” is too long: %(length)s characters, at most %(max)s.",
                    field=field._description_string(self.env),
                    length=len(value),
                    max=limit,
                )
        elif isinstance(value, (int, float)):
            # "not x <= limit" is also true for NaN, and never converts a huge int to float.
            if field.type in ("float", "monetary") and not abs(value) <= MAX_ABS_FLOAT:
                return self.env._(
                    "“%(field)s” must be a finite number between -%(max)s and %(max)s.",
                    field=field._description_string(self.env),
                    max=f"{MAX_ABS_FLOAT:,.0f}",
                )
            if field.type == "integer" and not -MAX_INT4 <= value <= MAX_INT4:
                return self.env._(
                    "“%(field)s” must be a whole number between %(min)s and %(max)s.",
                    field=field._description_string(self.env),
                    min=-MAX_INT4,
                    max=MAX_INT4,
                )
        return None
