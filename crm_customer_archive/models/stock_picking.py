from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .customer_lot_test_result import format_measure

# What the certificate prints for a limit the part does not set.
NO_LIMIT = "—"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    customer_sensitivity_warning = fields.Text(
        "Customer Defect Sensitivity",
        compute="_compute_customer_sensitivity_warning",
        help="Defects this customer complained about before: grade and ship with care.",
    )
    quality_certificate_ids = fields.One2many(
        "customer.quality.certificate", "picking_id", string="Quality Certificates"
    )

    @api.depends("partner_id", "picking_type_code")
    @api.depends_context("allowed_company_ids")
    def _compute_customer_sensitivity_warning(self):
        deliveries = self.filtered(lambda picking: picking.picking_type_code == "outgoing")
        warnings = deliveries.partner_id._defect_sensitivity_warnings()
        for picking in self:
            picking.customer_sensitivity_warning = (
                warnings.get(picking.partner_id.commercial_partner_id.id, False) if picking in deliveries else False
            )

    def button_validate(self):
        """The grading gate: a delivery holding coils its customer must not
        get is not validated; the coils are counted as interceptions and the
        user is told which and why."""
        stopped = self._grading_gate_stop("validation")
        return stopped or super().button_validate()

    def _grading_gate_stop(self, step):
        """Count the coils of these deliveries the gate keeps from their
        customers; return the notification that says so, or False."""
        messages = []
        for picking in self:
            lines = picking.move_line_ids.filtered(lambda line: line.quantity)
            for customer, findings in lines._grading_gate_findings(step).items():
                self.env["customer.quality.interception"]._record(customer, findings, step, picking)
                messages.append(self._grading_gate_message({customer: findings}))
        if not messages:
            return False
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Stopped by the grading gate"),
                "message": "\n\n".join(messages),
                "type": "danger",
                "sticky": True,
                "className": "o_grading_gate_notification",
            },
        }

    @api.model
    def _grading_gate_message(self, findings):
        """{customer: {lot: [(reason, defect, text)]}} → what the user reads."""
        paragraphs = []
        for customer, coils in findings.items():
            lines = [
                f"{lot.name}: {'; '.join(text for _reason, _defect, text in reasons)}"
                for lot, reasons in sorted(coils.items(), key=lambda item: item[0].name)
            ]
            paragraphs.append(
                self.env._(
                    "These coils may not go to %(customer)s:\n%(coils)s\nGrading staff regrade them, or a "
                    "Customer Archive Manager releases them for this customer with a reason.",
                    customer=customer.display_name,
                    coils="\n".join(lines),
                )
            )
        return "\n\n".join(paragraphs)

    def _check_quality_certificate_allowed(self):
        for picking in self:
            if picking.picking_type_code != "outgoing" or picking.state != "done":
                raise UserError(
                    self.env._(
                        "A quality certificate is issued for a validated customer delivery; %s is not one.",
                        picking.display_name,
                    )
                )
            if not picking.partner_id:
                raise UserError(self.env._("Delivery %s has no customer.", picking.display_name))

    def _check_quality_certificate_conformity(self):
        """A certificate states conformity only when every delivered coil was
        tested and passed: otherwise it is refused, naming the coils."""
        for picking in self:
            findings = picking._quality_certificate_findings()
            if findings:
                raise UserError(
                    self.env._(
                        "The quality certificate of delivery %(delivery)s cannot be issued: not every delivered "
                        "coil was tested and meets the requirements.\n%(findings)s\n"
                        "Record the missing test results, or a Customer Archive Manager releases the certificate "
                        "with a reason.",
                        delivery=picking.display_name,
                        findings="\n".join(findings),
                    )
                )

    def action_print_quality_certificate(self):
        """Issue the delivery's certificate the first time, then print it. A
        manager asked for the certificate of a delivery that does not
        conform is asked for the reason of an explicit release."""
        self._check_quality_certificate_allowed()
        missing = self.filtered(lambda picking: not picking.quality_certificate_ids)
        if (
            len(missing) == 1
            and self.env.user.has_group("crm_customer_archive.group_archive_manager")
            and missing._quality_certificate_findings()
        ):
            return missing._action_open_quality_certificate_release()
        self.env["customer.quality.certificate"].create([{"picking_id": picking.id} for picking in missing])
        return self.env.ref("crm_customer_archive.action_report_quality_certificate").report_action(
            self.quality_certificate_ids
        )

    def _action_open_quality_certificate_release(self):
        self.ensure_one()
        return self.env["customer.quality.certificate.release"]._get_records_action(
            name=self.env._("Release Quality Certificate"), target="new", context={"default_picking_id": self.id}
        )

    def _release_quality_certificate(self, reason):
        """Issue the certificate of a delivery that does not conform, on a
        manager's explicit release: the reason is stored on the certificate,
        which prints the exception, and logged on both documents."""
        self.ensure_one()
        if not self.env.user.has_group("crm_customer_archive.group_archive_manager"):
            raise AccessError(
                self.env._("Only a Customer Archive Manager may release a quality certificate with an exception.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for releasing the quality certificate."))
        self._check_quality_certificate_allowed()
        if self.quality_certificate_ids:
            raise UserError(self.env._("Delivery %s already has a quality certificate.", self.display_name))
        findings = self._quality_certificate_findings()
        if not findings:
            # Nothing to release: every coil conforms.
            return self.env["customer.quality.certificate"].create({"picking_id": self.id})
        # The release fields are the server's: written as superuser, the user stays the author.
        certificate = (
            self.env["customer.quality.certificate"]
            .sudo()
            .create({"picking_id": self.id, "released_by_id": self.env.uid, "release_reason": reason})
        )
        body = Markup("<p>{}</p><p>{}</p><ul>{}</ul>").format(
            self.env._("Quality certificate %s released with an exception.", certificate.name),
            self.env._("Reason: %s", reason),
            Markup().join(Markup("<li>{}</li>").format(finding) for finding in findings),
        )
        certificate.message_post(body=body)
        self.sudo().message_post(body=body)
        return certificate.sudo(False)

    def _quality_certificate_findings(self):
        """What keeps the delivered coils from conforming, one line per coil:
        "C2026-0003: no test results", "C2026-0004: Rp0.2 131 < 140"."""
        self.ensure_one()
        return [
            f"{coil['label']}: {'; '.join(coil['findings'])}" for coil in self._certificate_coils() if coil["findings"]
        ]

    def _certificate_coils(self):
        """Per delivered coil (move line): product, part, grades, the coil's
        delivered size, its test results against the part's requirements and
        the findings that keep it from conforming."""
        self.ensure_one()
        coils = []
        move_lines = self.move_line_ids.filtered(lambda line: line.quantity)
        # The grading gate's findings too: sensitive, regraded, thickness, surface.
        gate = {}
        releases = self.env["customer.lot.disposition"]
        if self.partner_id:
            # Coils a manager released for this customer: the certificate says so.
            releases = releases.sudo().search(
                [
                    ("lot_id", "in", move_lines.lot_id.ids),
                    ("decision", "=", "release"),
                    ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                ]
            )
            by_part = move_lines.grouped(lambda line: line.move_id.sale_line_id.customer_part_id)
            for part, lines in by_part.items():
                for lot, reasons in lines.lot_id._grading_findings(self.partner_id, part, "certificate").items():
                    gate[lot] = [text for _reason, _defect, text in reasons]
        for move_line in move_lines.sorted(lambda line: (line.lot_id.name or "", line.id)):
            lot = move_line.lot_id
            part = move_line.move_id.sale_line_id.customer_part_id
            results = lot.customer_test_result_ids
            chemical = self._certificate_rows(results, "chemical", part.chemical_requirement_ids, "element_id")
            mechanical = self._certificate_rows(results, "mechanical", part.mechanical_requirement_ids, "property_id")
            if results:
                findings = [row["finding"] for row in chemical + mechanical if row["finding"]]
            else:
                findings = [self.env._("no test results")]
            findings += [text for text in gate.get(lot, []) if text not in findings]
            release = releases.filtered(lambda disposition, lot=lot: disposition.lot_id == lot)[:1]
            coils.append(
                {
                    "lot": lot,
                    "label": lot.name or self.env._("%s (no coil number)", move_line.product_id.display_name),
                    "product": move_line.product_id,
                    "part": part,
                    "production_grade": part.production_grade_id,
                    "delivery_grade": part.delivery_grade_id,
                    "standard": part.product_standard,
                    "size": lot.coil_size,
                    "weight": format_measure(lot.coil_weight, "mechanical") if lot.coil_weight else False,
                    "quantity": move_line.quantity,
                    "uom": move_line.product_uom_id,
                    "chemical": chemical,
                    "mechanical": mechanical,
                    "findings": findings,
                    "release": release,
                }
            )
        return coils

    def _certificate_rows(self, results, kind, requirements, requirement_field):
        """One row per test result, plus one per requirement nobody tested."""
        by_characteristic = {requirement[requirement_field]: requirement for requirement in requirements}
        rows = []
        kind_results = results.filtered(lambda result: result.test_kind == kind)
        for result in kind_results:
            requirement = by_characteristic.pop(result.characteristic_id, requirements.browse())
            rows.append(self._certificate_row(result.characteristic_id, kind, requirement, result))
        for characteristic, requirement in by_characteristic.items():
            rows.append(self._certificate_row(characteristic, kind, requirement, None))
        return rows

    def _certificate_row(self, characteristic, kind, requirement, result):
        if kind == "chemical":
            low, high = requirement.min_percent, requirement.max_percent
        else:
            low, high = requirement.min_value, requirement.max_value
        row = {
            "characteristic": characteristic,
            "min": format_measure(low, kind) if low else NO_LIMIT,
            "max": format_measure(high, kind) if high else NO_LIMIT,
            "value": format_measure(result.value, kind) if result else NO_LIMIT,
            "tested": bool(result),
            "unit": "%" if kind == "chemical" else characteristic.unit or "",
            "passed": None,
            "finding": False,
        }
        if not requirement:
            return row
        if not result:
            row.update(passed=False, finding=self.env._("%s not tested", characteristic.name))
        elif not requirement._is_met_by(result.value):
            limit = f"< {row['min']}" if result.value < low else f"> {row['max']}"
            row.update(passed=False, finding=f"{characteristic.name} {row['value']} {limit}")
        else:
            row["passed"] = True
        return row
