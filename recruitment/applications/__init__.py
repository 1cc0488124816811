"""The application portal (AP): applicant profile, documents, rounds, ranked applications
and the employers' and coordinator's view of them. Models live in recruitment.models;
the access rules in recruitment.permissions."""
