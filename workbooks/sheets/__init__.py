"""The template's sheets, as specs (data), in the order the workbook shows them."""
