-- expect-exit: 3
-- expect-error: the script does not declare a contract: call contract { id = ..., ... }
local x = 1
