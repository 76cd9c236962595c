"""People to talk to in each LA, and requests to talk between LAs made by consent."""
