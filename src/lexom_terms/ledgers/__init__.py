"""Reading the files a French accountant has: spreadsheet ledgers (``read_ledger``), the FEC
(``read_fec``) and Factur-X / CII e-invoices (``read_invoice_xml``)."""
