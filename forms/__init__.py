"""WTForms forms and validators shared by the admin, the public site and the auth pages."""
