"""The top of the house: what puts the apps together – setup, demonstration content, the home page
and the values every page shows. Nothing imports it but the project's settings and URLs."""
