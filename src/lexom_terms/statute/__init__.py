"""The statutes that override the CGV: the consumer code's and the labour code's withdrawal
windows (RULEBOOK §3), force majeure for a self-funded trainee (Code du travail L6353-7)."""
