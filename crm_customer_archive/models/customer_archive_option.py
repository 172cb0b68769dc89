from odoo import api, fields, models
from odoo.exceptions import UserError

OPTION_CATEGORIES = [
    ("customer_category", "Customer Category"),
    ("cold_forming_method", "Cold-Forming Method"),
    ("end_use", "End Use"),
    ("forming_difficulty", "Forming Difficulty"),
    ("vehicle_model", "Vehicle Model"),
    ("oiling_type", "Oiling Type"),
    ("packaging", "Packaging"),
    ("usage_position", "Usage Position"),
    ("production_grade", "Production Grade"),
    ("edge_condition", "Edge Condition"),
    ("delivery_grade", "Delivery Grade"),
    ("surface_quality", "Surface Quality"),
    ("surface_structure", "Surface Structure"),
    ("surface_roughness", "Surface Roughness"),
    ("welding_method", "Welding Method"),
    ("chemical_element", "Chemical Element"),
    ("mechanical_property", "Mechanical Property"),
    ("process_route", "Process Route"),
    ("process_parameter", "Process Parameter"),
]


class CustomerArchiveOption(models.Model):
    """One entry of a maintained list (基础信息): the forms pick from these
    lists instead of free text, so statistics and searches stay consistent."""

    _name = "customer.archive.option"
    _description = "Customer Archive Base Data"
    _inherit = ["customer.archive.input.mixin"]
    _order = "category, sequence, code, id"

    category = fields.Selection(OPTION_CATEGORIES, required=True, index=True)
    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    unit = fields.Char(help="Unit of measure of a property or parameter, e.g. MPa, %, °C, m/min.")
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the option between all companies.",
    )

    _code_unique = models.UniqueIndex(
        "(category, code, COALESCE(company_id, 0))",
        "An option with this code already exists in this list.",
    )

    @api.depends("code", "name")
    @api.depends_context("show_option_code")
    def _compute_display_name(self):
        if not self.env.context.get("show_option_code"):
            return super()._compute_display_name()
        for option in self:
            option.display_name = f"[{option.code}] {option.name}"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        """Records elsewhere point to options: deleting one would silently
        erase that information, so only archiving is allowed."""
        for model_name, field_name in self._referencing_fields():
            Model = self.env[model_name].sudo().with_context(active_test=False)
            groups = Model._read_group([(field_name, "in", self.ids)], [field_name], ["__count"])
            if groups:
                option, count = groups[0]
                raise UserError(
                    self.env._(
                        'The option "%(option)s" is used by %(count)s record(s) of "%(model)s" '
                        "and cannot be deleted. Archive it instead.",
                        option=option.display_name,
                        count=count,
                        model=Model._description,
                    )
                )

    def _referencing_fields(self):
        """Stored many2one fields of any model that point to this model."""
        result = []
        for model_name, Model in self.env.registry.items():
            if Model._abstract or not Model._auto:
                continue
            for field in Model._fields.values():
                if field.type == "many2one" and field.store and field.comodel_name == self._name:
                    result.append((model_name, field.name))
        return result
