def migrate(cr, version):
    """The customer status used to default to "prospect" on every partner, so
    vendors, users, contacts and our own companies looked like customers. Only
    partners that were really kept in the archive keep their status: a
    prospect nobody classified, assigned or invoiced is taken out."""
    cr.execute(
        """
        UPDATE res_partner
           SET archive_state = NULL
         WHERE archive_state IS NOT NULL
           AND (
                id IN (SELECT partner_id FROM res_company)
                OR (parent_id IS NOT NULL AND NOT is_company)
                OR (
                    archive_state = 'prospect'
                    AND COALESCE(customer_rank, 0) = 0
                    AND customer_category_id IS NULL
                    AND customer_level IS NULL
                    AND credit_level IS NULL
                    AND source_id IS NULL
                    AND user_id IS NULL
                )
           )
        """
    )
