// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

interface IFloodMarket {
    function submitTask(string calldata prompt, string calldata modelFamily, bytes32 evaluatorId, uint8 k, uint8 m,
        uint32 maxTokens, uint32 promptTokens, uint256 fee) external returns (uint256);
}

interface IFloodDraw {
    function draw(uint256 taskId) external;
}

interface IFloodToken {
    function approve(address spender, uint256 amount) external returns (bool);
}

/// @title An attacker's contract that submits many floor tasks in one transaction (attack test only).
/// @notice Against protocol v2 every such task joined one draw queue that every later draw, finalize and
/// registry change had to drain first (attacks 1, 2 and 13 of issue 22); against v3 each task is drawn on
/// its own and holds up nobody.
contract TaskFlooder {
    function flood(address market, address token, uint256 n, string calldata prompt, string calldata family,
        bytes32 evaluator, uint8 k, uint8 m, uint256 fee) external returns (uint256 first)
    {
        IFloodToken(token).approve(market, fee * n);
        for (uint256 i = 0; i < n; i++) {
            uint256 id = IFloodMarket(market).submitTask(prompt, family, evaluator, k, m, 1, uint32(bytes(prompt).length), fee);
            if (i == 0) first = id;
        }
    }

    /// @notice Draws tasks first..first+n-1 in one transaction (anyone may draw any task).
    function drawAll(address market, uint256 first, uint256 n) external {
        for (uint256 i = 0; i < n; i++) IFloodDraw(market).draw(first + i);
    }
}
