-- expect-exit: 5
-- expect-error: hostile/toplevel-loop.lua:4: instruction limit exceeded
local n = 0
while true do n = n + 1 end
